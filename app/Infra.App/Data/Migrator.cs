using Npgsql;

namespace Infra.App.Data;

/// <summary>
/// Applies pending migrations in one transaction under an advisory lock, recording each in
/// <c>schema_migrations</c>. Two runs at once are safe: the second waits for the lock, then finds nothing to do.
/// </summary>
internal sealed class Migrator(NpgsqlDataSource dataSource, ILogger<Migrator> logger)
{
    /// <summary>Advisory lock key: "InfraApp" in ASCII, so it does not collide with another tool's lock by chance.</summary>
    public const long LockKey = 0x496E_6672_6141_7070;

    public async Task<IReadOnlyList<Migration>> MigrateAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", LockKey));
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, cancellationToken);

        var applied = await AppliedAsync(connection, cancellationToken);
        foreach (var migration in migrations)
        {
            if (applied.TryGetValue(migration.Version, out var checksum) && checksum != migration.Checksum)
            {
                throw new InvalidOperationException(
                    $"Migration {migration.Name} was changed after it was applied; add a new migration instead of editing it.");
            }
        }

        var pending = migrations.Where(m => !applied.ContainsKey(m.Version)).ToList();
        foreach (var migration in pending)
        {
            logger.LogInformation("Applying migration {Migration}", migration.Name);
            await ExecuteAsync(connection, migration.Sql, cancellationToken);
            await ExecuteAsync(
                connection, "INSERT INTO schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum)", cancellationToken,
                ("version", migration.Version), ("name", migration.Name), ("checksum", migration.Checksum));
        }

        await transaction.CommitAsync(cancellationToken);
        var latest = applied.Keys.Concat(pending.Select(m => m.Version)).DefaultIfEmpty(0).Max();
        if (pending.Count == 0)
        {
            logger.LogInformation("Schema is up to date at version {Version}; nothing to apply", latest);
        }
        else
        {
            logger.LogInformation("Applied {Count} migration(s); schema is at version {Version}", pending.Count, latest);
        }

        return pending;
    }

    private static async Task<Dictionary<int, string>> AppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var applied = new Dictionary<int, string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
