using System.Globalization;
using System.Net;
using Infra.Contract;

namespace Infra.App.Health;

/// <summary>
/// The <c>healthcheck [path]</c> verb for container healthchecks: the chiseled base image has no shell or curl, so the
/// app probes its own endpoint — liveness by default; the platform passes the started path to gate rollouts.
/// </summary>
internal static class HealthCheckCommand
{
    public static bool IsInvoked(string[] args) => args is [AppContract.Commands.HealthCheck, ..] && args.Length <= 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var path = args.Length == 2 ? args[1] : AppContract.Paths.Live;
        if (!path.StartsWith('/'))
        {
            await Console.Error.WriteLineAsync($"healthcheck: '{path}' is not a path; use e.g. {AppContract.Paths.Started}");
            return 2;
        }

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
            using var response = await client.GetAsync(new UriBuilder("http", host.ToString(), port, path).Uri);
            return response.StatusCode == HttpStatusCode.OK ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"{path} did not answer: {e.Message}");
            return 1;
        }
    }
}
