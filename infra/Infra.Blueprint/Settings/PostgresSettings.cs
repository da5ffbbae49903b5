namespace Infra.Blueprint.Settings;

/// <summary>The Postgres database and the PgBouncer pool in front of it.</summary>
/// <param name="Version">Major version of the official image.</param>
/// <param name="Database">Database name the app uses.</param>
/// <param name="User">Role the app logs in as.</param>
/// <param name="MaxConnections">Server <c>max_connections</c>; PgBouncer's pool plus the backup, the migrate job and monitoring must fit in it.</param>
/// <param name="SlowQueryMs">Statements running longer than this many milliseconds are logged (<c>log_min_duration_statement</c>); 0 logs none.</param>
/// <param name="PoolSize">Server connections PgBouncer keeps per database and user (<c>default_pool_size</c>).</param>
/// <param name="MaxClientConnections">Client connections PgBouncer accepts from all app replicas together (<c>max_client_conn</c>).</param>
public sealed record PostgresSettings(int Version, string Database, string User, int MaxConnections, int SlowQueryMs, int PoolSize, int MaxClientConnections);
