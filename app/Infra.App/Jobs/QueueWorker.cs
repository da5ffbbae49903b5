using Infra.App.Settings;
using Infra.App.Tasks;
using Infra.Contract;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Infra.App.Jobs;

/// <summary>
/// Consumes <see cref="AppContract.Commands.WorkQueue"/>: each job is a task title, created in Postgres. A job is moved
/// to this instance's processing list while in hand (RPOPLPUSH, Redis's reliable-queue pattern), so a task killed
/// mid-job leaves it there, and the next start of the same instance puts it back. On SIGTERM it takes no new job,
/// finishes the one in hand and returns; the host then exits 0.
/// </summary>
internal sealed class QueueWorker(
    IConnectionMultiplexer redis,
    TaskRepository tasks,
    IHostApplicationLifetime lifetime,
    IOptions<AppOptions> options,
    ILogger<QueueWorker> logger) : BackgroundService
{
    /// <summary>The pause after an empty poll or a Redis error: StackExchange.Redis has no blocking pops.</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one job may take, whatever the shutdown: the worker's stop grace should exceed it.</summary>
    public static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(25);

    private RedisKey Queue => AppContract.Commands.WorkQueue;

    private RedisKey Processing => $"{AppContract.Commands.WorkQueue}:processing:{options.Value.Instance}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // SIGTERM fires ApplicationStopping at once, before the drain window of the web host's shutdown: stop taking work then.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var db = redis.GetDatabase();
        await RequeueLeftoversAsync(db, stop.Token);
        var done = 0;
        while (!stop.IsCancellationRequested)
        {
            RedisValue job;
            try
            {
                job = await db.ListRightPopLeftPushAsync(Queue, Processing);
            }
            catch (RedisException e)
            {
                logger.LogWarning("Redis unavailable, retrying: {Reason}", e.Message);
                await PauseAsync(stop.Token);
                continue;
            }

            if (job.IsNull)
            {
                await PauseAsync(stop.Token);
                continue;
            }

            // In hand: finished even if SIGTERM arrives now, bounded by its own timeout, not by the stop signal.
            await HandleAsync(db, job!);
            done++;
        }

        logger.LogInformation("Worker drained: {Done} job(s) done, no job in hand; exiting", done);
    }

    private async Task HandleAsync(IDatabase db, string job)
    {
        using var timeout = new CancellationTokenSource(JobTimeout);
        var problem = TaskTitle.Problem(job);
        if (problem is null)
        {
            var task = await tasks.CreateAsync(job.Trim(), timeout.Token);
            logger.LogInformation("Job done: created task {TaskId}", task.Id);
        }
        else
        {
            logger.LogWarning("Job dropped: {Problem}", problem);
        }

        await db.ListRemoveAsync(Processing, job, 1);
    }

    private async Task RequeueLeftoversAsync(IDatabase db, CancellationToken cancellationToken)
    {
        try
        {
            var moved = 0;
            while (!cancellationToken.IsCancellationRequested && !(await db.ListRightPopLeftPushAsync(Processing, Queue)).IsNull)
            {
                moved++;
            }

            if (moved > 0)
            {
                logger.LogWarning("Put back {Count} job(s) a previous run of {Instance} left in hand", moved, options.Value.Instance);
            }
        }
        catch (RedisException e)
        {
            logger.LogWarning("Could not check for jobs left in hand: {Reason}", e.Message);
        }
    }

    private static async Task PauseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Idle, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop ends.
        }
    }
}
