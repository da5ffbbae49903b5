using System.Net;
using Infra.App.Settings;
using Infra.Contract;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Infra.App.Hosting;

/// <summary>Kestrel on the contract port with request limits, and the SIGTERM drain.</summary>
internal static class WebServer
{
    public static void AddWebServer(this WebApplicationBuilder builder)
    {
        builder.AddSettings<AppOptions>();
        builder.Services.AddSingleton<DrainState>();
        builder.Services.AddHostedService<ShutdownDrain>();
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<AppOptions>>((host, app) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(app.Value.DrainSeconds + AppContract.StopGraceSeconds));
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<AppOptions>>((kestrel, app) =>
        {
            kestrel.Listen(IPAddress.Parse(app.Value.BindAddress), app.Value.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = app.Value.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
        });
    }

    public static void UseDrain(this WebApplication app) => app.UseMiddleware<DrainMiddleware>();
}
