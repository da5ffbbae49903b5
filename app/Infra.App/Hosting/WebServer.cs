using System.Net;
using Infra.App.Settings;
using Infra.Contract;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Infra.App.Hosting;

/// <summary>Kestrel on the contract port with request limits, and the SIGTERM drain.</summary>
internal static class WebServer
{
    public static void AddWebServer(this WebApplicationBuilder builder)
    {
        builder.AddSettings<AppOptions>();
        builder.Services.AddSingleton<DrainState>();
        builder.Services.AddHostedService<ShutdownDrain>();
        // The host reads this while it is built, before settings are validated: read the raw value, and leave a bad
        // one to the validation that stops start-up.
        var drainSeconds = int.TryParse(builder.Configuration[AppContract.Env.DrainSeconds], out var seconds) && seconds is >= 0 and <= 300
            ? seconds
            : AppContract.DefaultDrainSeconds;
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(drainSeconds + AppContract.StopGraceSeconds));
        builder.Services.AddOptions<KestrelServerOptions>().Configure(kestrel =>
        {
            // Kestrel is configured while the app is built, before validation runs, so it reads the settings without
            // validating them; validation then stops start-up, reporting every bad setting, before Kestrel listens.
            var app = Unvalidated(builder.Configuration);
            var bind = IPAddress.TryParse(app.BindAddress, out var address) ? address : IPAddress.Any;
            var port = app.Port is >= 1 and <= 65535 ? app.Port : AppContract.Port;
            kestrel.Listen(bind, port);
            if (app.MetricsPort is >= 1 and <= 65535 && app.MetricsPort != port)
            {
                kestrel.Listen(bind, app.MetricsPort);
            }

            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = Math.Max(app.MaxRequestBodyBytes, 1024);
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
        });
    }

    private static AppOptions Unvalidated(IConfiguration configuration)
    {
        var options = new AppOptions();
        try
        {
            configuration.Bind(options);
        }
        catch (InvalidOperationException)
        {
            // A value that does not convert; validation reports it.
        }

        return options;
    }

    public static void UseDrain(this WebApplication app) => app.UseMiddleware<DrainMiddleware>();

    /// <summary>Metrics only on the metrics port, and only metrics there (<see cref="MetricsPortMiddleware"/>).</summary>
    public static void UseMetricsPort(this WebApplication app) => app.UseMiddleware<MetricsPortMiddleware>();
}
