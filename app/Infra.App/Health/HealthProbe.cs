using System.Diagnostics;
using Infra.App.Data;
using Infra.App.Hosting;
using Infra.App.Redis;
using Infra.App.Settings;
using Infra.App.Updates;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace Infra.App.Health;

/// <summary>Checks the app's dependencies for the health endpoints.</summary>
internal sealed class HealthProbe(
    NpgsqlDataSource postgres, IConnectionMultiplexer redis, TaskUpdates updates, DrainState drain, IOptions<AppOptions> options, TimeProvider time)
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);
    private static readonly DateTimeOffset ProcessStarted = Process.GetCurrentProcess().StartTime.ToUniversalTime();
    private static readonly IReadOnlyDictionary<string, CheckResult> NoChecks = new Dictionary<string, CheckResult>();

    // Set by the first readiness outcome that would take traffic (healthy or degraded), never cleared.
    private volatile bool _started;

    /// <summary>Liveness is a self check: answering at all proves the process is up.</summary>
    public HealthReport Live() => Report(HealthStatus.Healthy, NoChecks);

    /// <summary>
    /// Started: the readiness checks until this process has been ready once, liveness from then on. Swarm's healthcheck
    /// probes it, so a replica that never becomes ready fails its rollout, while a started one outlives a database outage
    /// (readiness, which monitoring probes, still turns 503 meanwhile). After the start it checks nothing.
    /// </summary>
    public async Task<HealthReport> StartedAsync(CancellationToken cancellationToken) =>
        _started ? Live() : await CheckAsync(full: false, cancellationToken);

    /// <summary>
    /// Readiness and the full report. While draining, readiness answers at once without checking anything, so the
    /// load balancer sees 503 as soon as possible; the full report still checks.
    /// </summary>
    public async Task<HealthReport> CheckAsync(bool full, CancellationToken cancellationToken)
    {
        if (drain.IsDraining && !full)
        {
            return Report(HealthStatus.Draining, NoChecks);
        }

        var postgresCheck = TimedAsync(CheckPostgresAsync, HealthStatus.Unhealthy, cancellationToken);
        var redisCheck = TimedAsync(CheckRedisAsync, HealthStatus.Degraded, cancellationToken);
        var checks = new Dictionary<string, CheckResult> { ["postgres"] = await postgresCheck, ["redis"] = await redisCheck };
        var status = drain.IsDraining ? HealthStatus.Draining
            : checks["postgres"].Status != HealthStatus.Healthy ? HealthStatus.Unhealthy
            : checks["redis"].Status != HealthStatus.Healthy ? HealthStatus.Degraded
            : HealthStatus.Healthy;
        var report = Report(status, checks);
        _started |= report.IsServing;
        return report;
    }

    private HealthReport Report(string status, IReadOnlyDictionary<string, CheckResult> checks) =>
        Report(status, checks, time.GetUtcNow());

    // Uptime counts from the process's start as the kernel recorded it, not from the first health check.
    private HealthReport Report(string status, IReadOnlyDictionary<string, CheckResult> checks, DateTimeOffset now) =>
        new(status, now, Math.Round(Math.Max(0, (now - ProcessStarted).TotalSeconds), 3), options.Value.Version, checks);

    private async Task CheckPostgresAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await postgres.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_migrations", connection);
            var version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            if (version < Migration.LatestVersion)
            {
                throw new CheckFailedException(
                    $"schema is at version {version}; this build needs {Migration.LatestVersion}: run the migrate command");
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            throw new CheckFailedException("schema_migrations does not exist: run the migrate command");
        }
        catch (NpgsqlException)
        {
            // Connections pooled before Postgres restarted are dead; drop them so recovery needs no failed request.
            postgres.Clear();
            throw;
        }
    }

    private async Task CheckRedisAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetDatabase().PingAsync();
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            // The library appends its thread-pool statistics to the reason; the report keeps the reason.
            throw new CheckFailedException(e.Message.Split(", mc: ")[0]);
        }

        if (!updates.IsSubscribed)
        {
            throw new CheckFailedException("not subscribed to live updates yet");
        }
    }

    private static async Task<CheckResult> TimedAsync(Func<CancellationToken, Task> check, string failedStatus, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        string? error = null;
        try
        {
            await check(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"no answer within {CheckTimeout.TotalSeconds} s";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error = e.Message;
        }

        var duration = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2);
        return error is null ? new CheckResult(HealthStatus.Healthy, duration) : new CheckResult(failedStatus, duration, error);
    }

    private sealed class CheckFailedException(string message) : Exception(message);
}
