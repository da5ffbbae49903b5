using System.Globalization;
using System.Net;
using Infra.Contract;

namespace Infra.App.Health;

/// <summary>
/// The <c>healthcheck</c> verb for the image's HEALTHCHECK: the chiseled base image has no shell or curl, so the app
/// probes its own liveness endpoint.
/// </summary>
internal static class HealthCheckCommand
{
    public static bool IsInvoked(string[] args) => args is [AppContract.Commands.HealthCheck];

    public static async Task<int> RunAsync()
    {
        var port = int.TryParse(Environment.GetEnvironmentVariable(AppContract.Env.Port), NumberStyles.None, CultureInfo.InvariantCulture, out var p)
            ? p
            : AppContract.Port;
        var bind = Environment.GetEnvironmentVariable(AppContract.Env.BindAddress);
        var host = IPAddress.TryParse(bind, out var address) && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any)
            ? address
            : IPAddress.Loopback;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync(new UriBuilder("http", host.ToString(), port, AppContract.Paths.Live).Uri);
            return response.StatusCode == HttpStatusCode.OK ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"{AppContract.Paths.Live} did not answer: {e.Message}");
            return 1;
        }
    }
}
