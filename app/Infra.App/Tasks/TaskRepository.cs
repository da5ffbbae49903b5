using Infra.App.Data;
using Infra.App.Metrics;
using Npgsql;

namespace Infra.App.Tasks;

/// <summary>Tasks in Postgres; every query is timed into the DB query histogram.</summary>
internal sealed class TaskRepository(NpgsqlDataSource dataSource, AppMetrics metrics)
{
    private const string Columns = "id, title, done, created_at, updated_at";

    public async Task<IReadOnlyList<TaskItem>> ListAsync(long afterId, int limit, CancellationToken cancellationToken)
    {
        using var _ = metrics.TimeQuery("tasks_list");
        return await BrokenConnections.ReadAsync(dataSource, async () =>
        {
            await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM tasks WHERE id > $1 ORDER BY id LIMIT $2");
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterId });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
            return await ReadAllAsync(command, cancellationToken);
        });
    }

    public async Task<TaskItem?> GetAsync(long id, CancellationToken cancellationToken)
    {
        using var _ = metrics.TimeQuery("tasks_get");
        return await BrokenConnections.ReadAsync(dataSource, async () =>
        {
            await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM tasks WHERE id = $1");
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
        });
    }

    public async Task<TaskItem> CreateAsync(string title, CancellationToken cancellationToken)
    {
        using var _ = metrics.TimeQuery("tasks_create");
        return await BrokenConnections.WriteAsync(dataSource, async () =>
        {
            await using var command = dataSource.CreateCommand($"INSERT INTO tasks (title) VALUES ($1) RETURNING {Columns}");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = title });
            return (await ReadAllAsync(command, cancellationToken)).Single();
        });
    }

    public async Task<TaskItem?> UpdateAsync(long id, string title, bool done, CancellationToken cancellationToken)
    {
        using var _ = metrics.TimeQuery("tasks_update");
        return await BrokenConnections.WriteAsync(dataSource, async () =>
        {
            await using var command = dataSource.CreateCommand(
                $"UPDATE tasks SET title = $2, done = $3, updated_at = now() WHERE id = $1 RETURNING {Columns}");
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = title });
            command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = done });
            return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
        });
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        using var _ = metrics.TimeQuery("tasks_delete");
        return await BrokenConnections.WriteAsync(dataSource, async () =>
        {
            await using var command = dataSource.CreateCommand("DELETE FROM tasks WHERE id = $1");
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        });
    }

    private static async Task<List<TaskItem>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<TaskItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new TaskItem(
                reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return items;
    }
}
