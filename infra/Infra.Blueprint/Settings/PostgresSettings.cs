namespace Infra.Blueprint.Settings;

/// <summary>The Postgres database.</summary>
/// <param name="Version">Major version of the official image.</param>
/// <param name="Database">Database name the app uses.</param>
/// <param name="User">Role the app logs in as.</param>
/// <param name="MaxConnections">Server <c>max_connections</c>.</param>
public sealed record PostgresSettings(int Version, string Database, string User, int MaxConnections);
