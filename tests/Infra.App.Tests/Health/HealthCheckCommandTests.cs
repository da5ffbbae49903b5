using System.Net;
using System.Text.Json;
using Infra.App.Tests.Fixtures;
using Infra.Contract;

namespace Infra.App.Tests.Health;

[Collection(PlatformCollection.Name)]
public sealed class HealthCheckCommandTests(Platform platform)
{
    [Fact]
    public async Task TheVerbExitsZeroWhileTheAppIsLiveAndOneWhenNothingAnswers()
    {
        var database = await platform.NewMigratedDatabaseAsync();
        var environment = platform.Environment(database);
        await using (var app = AppProcess.Start(environment))
        {
            await app.WaitForReadyAsync();

            var live = await ChildProcess.RunAsync("dotnet", [AppProcess.DllPath, AppContract.Commands.HealthCheck], AppProcess.Environment(environment));

            Assert.True(live.ExitCode == 0, live.Output);
        }

        var gone = await ChildProcess.RunAsync("dotnet", [AppProcess.DllPath, AppContract.Commands.HealthCheck], AppProcess.Environment(environment));
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains(AppContract.Paths.Live, gone.Output);
    }

    [Fact]
    public async Task TheSwarmHealthcheckPassesOnlyOnceTheReplicaHasBeenReadyAndThenOutlivesAPostgresOutage()
    {
        // What Swarm runs by default (infra:app.healthcheck with infra:app.healthPath filled in).
        var healthcheck = AppContract.Healthcheck(AppContract.DefaultHealthcheck, AppContract.Port, AppContract.Paths.Started);
        Assert.Equal(["CMD", "dotnet", "Infra.App.dll", AppContract.Commands.HealthCheck, AppContract.Paths.Started], healthcheck);
        var unmigrated = await platform.Postgres.CreateDatabaseAsync();
        var environment = platform.Environment(unmigrated);
        async Task<(int ExitCode, string Output)> SwarmProbesAsync() =>
            await ChildProcess.RunAsync("dotnet", [AppProcess.DllPath, .. healthcheck.Skip(3)], AppProcess.Environment(environment));

        await platform.Postgres.StopAsync();
        try
        {
            await using var app = AppProcess.Start(environment);

            // A new replica whose database is unreachable fails the rollout gate: Swarm rolls it back.
            var unreachable = await WaitForAsync(app, AppContract.Paths.Started, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("unhealthy", unreachable.GetProperty("checks").GetProperty("postgres").GetProperty("status").GetString());
            var probe = await SwarmProbesAsync();
            Assert.True(probe.ExitCode == 1, $"the Swarm healthcheck passed on a replica that cannot reach Postgres: {probe.Output}");

            // Postgres answers but the schema is older than this build: still not started.
            await platform.Postgres.StartProcessAsync();
            await WaitForAsync(app, AppContract.Paths.Started, HttpStatusCode.ServiceUnavailable, body => body.GetProperty("checks").GetProperty("postgres").TryGetProperty("error", out var e) && e.GetString()!.Contains("migrate", StringComparison.Ordinal));
            probe = await SwarmProbesAsync();
            Assert.True(probe.ExitCode == 1, $"the Swarm healthcheck passed on a replica whose schema is not migrated: {probe.Output}");

            Assert.Equal(0, (await platform.MigrateAsync(unmigrated)).ExitCode);
            await WaitForAsync(app, AppContract.Paths.Started, HttpStatusCode.OK);
            probe = await SwarmProbesAsync();
            Assert.True(probe.ExitCode == 0, $"the Swarm healthcheck failed on a ready replica: {probe.Output}");

            // Started: a database outage turns readiness (monitoring's probe) 503 but no longer the Swarm healthcheck.
            await platform.Postgres.StopAsync();
            await WaitForAsync(app, AppContract.Paths.Ready, HttpStatusCode.ServiceUnavailable);
            var (status, started) = await app.GetJsonAsync(AppContract.Paths.Started);
            Assert.True(status == HttpStatusCode.OK, $"{AppContract.Paths.Started} answered {(int)status} during a Postgres outage after the replica had started: {started}");
            Assert.Equal("healthy", started.GetProperty("status").GetString());
            Assert.Empty(started.GetProperty("checks").EnumerateObject());
            probe = await SwarmProbesAsync();
            Assert.True(probe.ExitCode == 0, $"the Swarm healthcheck failed during a Postgres outage, so Swarm would replace every replica at once: {probe.Output}");
            Assert.False(app.Process.HasExited);
        }
        finally
        {
            await platform.Postgres.StartProcessAsync();
        }
    }

    /// <summary>Polls <paramref name="path"/> until it answers <paramref name="expected"/> (and <paramref name="also"/> holds); returns the body.</summary>
    private static async Task<JsonElement> WaitForAsync(AppProcess app, string path, HttpStatusCode expected, Func<JsonElement, bool>? also = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var last = "no answer";
        while (DateTime.UtcNow < deadline && !app.Process.HasExited)
        {
            try
            {
                var (status, body) = await app.GetJsonAsync(path);
                last = $"{(int)status} {body}";
                if (status == expected && (also is null || also(body)))
                {
                    return body;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{path} never answered {(int)expected} as expected (last: {last}). App output:\n{app.Process.Tail()}");
    }
}
