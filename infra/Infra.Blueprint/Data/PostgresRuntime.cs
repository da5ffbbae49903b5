namespace Infra.Blueprint.Data;

/// <summary>
/// Where Postgres finds things at run time. <see cref="Swarm"/> is the layout inside the official image on the
/// Swarm; tests map the same rendered files onto loopback and temp dirs.
/// </summary>
/// <param name="ListenAddresses">Value of <c>listen_addresses</c>.</param>
/// <param name="Port">TCP port.</param>
/// <param name="HbaFile">Path of the rendered <c>pg_hba.conf</c>.</param>
/// <param name="SocketDirectory">Directory of the Unix socket (the healthcheck and the image's init use it).</param>
/// <param name="WalArchiveDirectory">Directory <c>archive_command</c> copies WAL segments into (point-in-time recovery only).</param>
public sealed record PostgresRuntime(string ListenAddresses, int Port, string HbaFile, string SocketDirectory, string WalArchiveDirectory)
{
    /// <summary>Port Postgres listens on inside its container.</summary>
    public const int DefaultPort = 5432;

    /// <summary>The layout inside the official Postgres image on the Swarm.</summary>
    public static PostgresRuntime Swarm { get; } = new(
        ListenAddresses: "*",
        Port: DefaultPort,
        HbaFile: "/etc/postgresql/pg_hba.conf",
        SocketDirectory: "/var/run/postgresql",
        WalArchiveDirectory: "/var/lib/postgresql/wal-archive");
}
