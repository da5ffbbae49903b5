using System.Net.Sockets;
using Npgsql;

namespace Infra.App.Data;

/// <summary>
/// What a pooler restart does to a replica: PgBouncer (or Postgres) closes every client connection, and the pool still
/// holds them idle. Npgsql finds out only when a command is sent on one. On the first such failure the data source's
/// idle connections are all dropped (<see cref="NpgsqlDataSource.Clear"/>), so the next command opens a fresh one instead
/// of meeting the next dead socket; an idempotent read is then retried once. Writes are not retried: whether a write sent
/// before the break was applied cannot be known, and the client gets the 503 it may retry.
/// </summary>
internal static class BrokenConnections
{
    /// <summary>Runs an idempotent read; on a connection broken by the server, clears the pool and runs it once more.</summary>
    public static async Task<T> ReadAsync<T>(NpgsqlDataSource dataSource, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (NpgsqlException e) when (IsBroken(e))
        {
            dataSource.Clear();
            return await read();
        }
    }

    /// <summary>Runs a write; on a connection broken by the server, clears the pool and lets the failure through.</summary>
    public static async Task<T> WriteAsync<T>(NpgsqlDataSource dataSource, Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (NpgsqlException e) when (IsBroken(e))
        {
            dataSource.Clear();
            throw;
        }
    }

    /// <summary>
    /// A connection the server closed under us: end of stream or a reset socket, or the server's own goodbye
    /// (<c>57P01</c> admin shutdown, <c>08P01</c> protocol violation as PgBouncer sends on shutdown). A timeout is not.
    /// </summary>
    public static bool IsBroken(NpgsqlException exception) => exception switch
    {
        PostgresException p => p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.ProtocolViolation or PostgresErrorCodes.CrashShutdown,
        { InnerException: EndOfStreamException or IOException { InnerException: SocketException } or SocketException } => true,
        { InnerException: IOException io } when io.InnerException is not TimeoutException => true,
        _ => false,
    };
}
