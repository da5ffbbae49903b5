using System.Net;
using Infra.App.Tests.Fixtures;
using Infra.Contract;

namespace Infra.App.Tests.Health;

[Collection(PlatformCollection.Name)]
public sealed class HealthApiTests(Platform platform)
{
    [Fact]
    public async Task HealthReportHasTheContractShape()
    {
        await using var app = await platform.StartAppAsync();

        var (status, report) = await app.GetJsonAsync(AppContract.Paths.Health);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", report.GetProperty("status").GetString());
        Assert.True(report.GetProperty("timestamp").TryGetDateTimeOffset(out _));
        Assert.True(report.GetProperty("uptime").GetDouble() > 0);
        Assert.Equal("1.2.3-test", report.GetProperty("version").GetString());
        Assert.Equal("healthy", report.GetProperty("checks").GetProperty("postgres").GetProperty("status").GetString());
        Assert.Equal("healthy", report.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
    }

    [Fact]
    public async Task UptimeCountsFromTheProcessStartNotTheFirstCheck()
    {
        var database = await platform.NewMigratedDatabaseAsync();
        await using var app = AppProcess.Start(platform.Environment(database));
        // Nothing asks the app anything for the first seconds of its life.
        await Task.Delay(TimeSpan.FromSeconds(4));
        await app.WaitForReadyAsync();

        var (_, report) = await app.GetJsonAsync(AppContract.Paths.Live);

        var uptime = report.GetProperty("uptime").GetDouble();
        Assert.True(uptime >= 4, $"uptime {uptime} s, though the process started more than 4 s before its first health check");
    }

    [Fact]
    public async Task LivenessChecksOnlyTheProcessItself()
    {
        await using var app = await platform.StartAppAsync();
        await platform.Postgres.StopAsync();
        try
        {
            var (status, report) = await app.GetJsonAsync(AppContract.Paths.Live);

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("healthy", report.GetProperty("status").GetString());
            Assert.Empty(report.GetProperty("checks").EnumerateObject());
        }
        finally
        {
            await platform.Postgres.StartProcessAsync();
        }
    }

    [Fact]
    public async Task RedisDownIsDegradedWith200AndRecoversByItself()
    {
        await using var app = await platform.StartAppAsync();
        var task = await app.Client.CreateTaskAsync("survives redis");
        var id = task.GetProperty("id").GetInt64();

        await platform.Redis.KillAsync();
        try
        {
            await app.WaitForReadyAsync("degraded", TimeSpan.FromSeconds(10));
            var (status, report) = await app.ReadinessAsync();
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("degraded", report.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
            Assert.Equal(0, await app.MetricsClient.MetricAsync(AppContract.Metrics.RedisUp));
            // Reads fall back to the in-process cache and writes still work.
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync($"/api/tasks/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync($"/api/tasks/{id}")).StatusCode);
            Assert.True(await app.MetricsClient.MetricAsync($"{AppContract.Metrics.CacheLookups}{{result=\"hit\",store=\"memory\"}}") >= 1);
            await app.Client.CreateTaskAsync("written while redis is down");
        }
        finally
        {
            await platform.Redis.StartProcessAsync();
        }

        await app.WaitForReadyAsync("healthy", TimeSpan.FromSeconds(15));
        Assert.Equal(1, await app.MetricsClient.MetricAsync(AppContract.Metrics.RedisUp));
        Assert.False(app.Process.HasExited);
    }

    [Fact]
    public async Task PostgresDownIs503AndRecoversWithoutRestartingTheApp()
    {
        await using var app = await platform.StartAppAsync();
        await app.Client.CreateTaskAsync("before the outage");

        await platform.Postgres.StopAsync();
        try
        {
            await app.WaitForReadyAsync("unhealthy", TimeSpan.FromSeconds(10));
            var (status, report) = await app.ReadinessAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("unhealthy", report.GetProperty("checks").GetProperty("postgres").GetProperty("status").GetString());
            using var write = await app.Client.PostAsync("/api/tasks", new StringContent("""{"title":"no db"}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
            Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
            // The 503 is counted under the route that failed, not as an unmatched path.
            var failed = (await app.MetricsClient.GetStringAsync("/metrics")).Split('\n')
                .Where(l => l.StartsWith(AppContract.Metrics.HttpRequests, StringComparison.Ordinal) && l.Contains("status=\"503\"", StringComparison.Ordinal))
                .ToList();
            Assert.True(failed.Any(l => l.Contains("method=\"POST\",route=\"/api/tasks", StringComparison.Ordinal)), string.Join('\n', failed));
            Assert.DoesNotContain(failed, l => l.Contains("route=\"unmatched\"", StringComparison.Ordinal));
        }
        finally
        {
            await platform.Postgres.StartProcessAsync();
        }

        await app.WaitForReadyAsync("healthy", TimeSpan.FromSeconds(15));
        await app.Client.CreateTaskAsync("after the outage");
        Assert.False(app.Process.HasExited);
    }

    [Fact]
    public async Task ReadinessIs503UntilTheSchemaIsMigrated()
    {
        var database = await platform.Postgres.CreateDatabaseAsync();
        await using var app = AppProcess.Start(platform.Environment(database));
        await app.WaitForReadyAsync("unhealthy");

        var (status, report) = await app.ReadinessAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("migrate", report.GetProperty("checks").GetProperty("postgres").GetProperty("error").GetString());

        Assert.Equal(0, (await platform.MigrateAsync(database)).ExitCode);
        await app.WaitForReadyAsync("healthy");
    }
}
