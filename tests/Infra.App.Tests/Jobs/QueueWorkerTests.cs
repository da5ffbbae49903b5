using Infra.App.Tests.Fixtures;
using Infra.Contract;
using Infra.TestKit;
using Npgsql;
using StackExchange.Redis;

namespace Infra.App.Tests.Jobs;

/// <summary>The <c>worker</c> verb against the fixture's real Postgres and Redis.</summary>
[Collection(PlatformCollection.Name)]
public sealed class QueueWorkerTests(Platform platform)
{
    [Fact]
    public async Task TheWorkerTurnsEveryQueuedJobIntoATaskAndAnswersLiveness()
    {
        var (database, instance) = (await platform.NewMigratedDatabaseAsync(), $"worker-{Guid.NewGuid():N}");
        await using var redis = await platform.ConnectRedisAsync();
        var queue = await FreshQueueAsync(redis);
        await queue.ListLeftPushAsync(AppContract.Commands.WorkQueue, ["first", "second", "third"]);

        await using var worker = await StartWorkerAsync(database, instance);
        await WaitUntilAsync(async () => await CountAsync(database, "SELECT count(*) FROM tasks") == 3, worker, "three tasks from three jobs");

        Assert.Equal(["first", "second", "third"], await TitlesAsync(database));
        Assert.Equal(0, await queue.ListLengthAsync(AppContract.Commands.WorkQueue));
        Assert.Equal(0, await queue.ListLengthAsync(Processing(instance)));
        using var live = await worker.Client.GetAsync(AppContract.Paths.Live);
        Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task OnSigtermTheWorkerFinishesTheJobInHandTakesNoOtherAndExitsZero()
    {
        var (database, instance) = (await platform.NewMigratedDatabaseAsync(), $"worker-{Guid.NewGuid():N}");
        await using var redis = await platform.ConnectRedisAsync();
        var queue = await FreshQueueAsync(redis);
        await using var worker = await StartWorkerAsync(database, instance);

        // The test holds the table: the worker's insert of the first job waits, in hand, until the test lets go.
        await using var blocker = new NpgsqlConnection(platform.Postgres.AdminConnectionString(database));
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await new NpgsqlCommand("LOCK TABLE tasks IN EXCLUSIVE MODE", blocker, transaction).ExecuteNonQueryAsync();
        await queue.ListLeftPushAsync(AppContract.Commands.WorkQueue, "in hand");
        await WaitUntilAsync(async () => await queue.ListLengthAsync(Processing(instance)) == 1, worker, "the job in hand");
        await queue.ListLeftPushAsync(AppContract.Commands.WorkQueue, ["queued later 1", "queued later 2"]);

        worker.Process.Signal(Signals.SigTerm);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var exitedWhileInHand = worker.Process.HasExited;
        await transaction.CommitAsync();
        var exit = await worker.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.False(exitedWhileInHand, "the worker exited with a job in hand");
        Assert.True(exit == 0, $"the worker exited {exit} after SIGTERM:\n{worker.Process.Tail()}");
        Assert.Equal(["in hand"], await TitlesAsync(database));
        Assert.Equal(2, await queue.ListLengthAsync(AppContract.Commands.WorkQueue));
        Assert.Equal(0, await queue.ListLengthAsync(Processing(instance)));
    }

    [Fact]
    public async Task AJobLeftInHandByAKilledWorkerIsDoneByItsNextStart()
    {
        var (database, instance) = (await platform.NewMigratedDatabaseAsync(), $"worker-{Guid.NewGuid():N}");
        await using var redis = await platform.ConnectRedisAsync();
        var queue = await FreshQueueAsync(redis);
        await queue.ListLeftPushAsync(Processing(instance), "left in hand");

        await using var worker = await StartWorkerAsync(database, instance);
        await WaitUntilAsync(async () => await CountAsync(database, "SELECT count(*) FROM tasks") == 1, worker, "the leftover job done");

        Assert.Equal(["left in hand"], await TitlesAsync(database));
        Assert.Equal(0, await queue.ListLengthAsync(Processing(instance)));
    }

    private static RedisKey Processing(string instance) => $"{AppContract.Commands.WorkQueue}:processing:{instance}";

    // The queue is shared by every test of the collection's Redis: each test starts it empty.
    private static async Task<IDatabase> FreshQueueAsync(ConnectionMultiplexer redis)
    {
        var db = redis.GetDatabase();
        await db.KeyDeleteAsync(AppContract.Commands.WorkQueue);
        return db;
    }

    private async Task<AppProcess> StartWorkerAsync(string database, string instance)
    {
        var worker = AppProcess.Start(platform.Environment(database, instance), AppContract.Commands.Worker);
        try
        {
            await worker.WaitForReadyAsync();
            return worker;
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, AppProcess worker, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}; worker output:\n{worker.Process.Tail()}");
            await Task.Delay(100);
        }
    }

    private async Task<long> CountAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(platform.Postgres.AdminConnectionString(database));
        await connection.OpenAsync();
        return (long)(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync())!;
    }

    private async Task<List<string>> TitlesAsync(string database)
    {
        await using var connection = new NpgsqlConnection(platform.Postgres.AdminConnectionString(database));
        await connection.OpenAsync();
        await using var reader = await new NpgsqlCommand("SELECT title FROM tasks ORDER BY id", connection).ExecuteReaderAsync();
        var titles = new List<string>();
        while (await reader.ReadAsync())
        {
            titles.Add(reader.GetString(0));
        }

        return titles;
    }
}
