using Npgsql;

namespace Infra.TestKit;

/// <summary>
/// A throwaway Postgres cluster from the Debian packages: its own data directory under a temp dir, a free loopback
/// port, its socket in the temp dir. Postgres refuses to run as root, so under root it runs as the postgres user.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string AdminPassword = "admin-secret";
    public const string AppUser = "app";
    public const string AppPassword = "app-secret-\"quoted\"";
    private readonly string _bin;
    private readonly string _root;
    private ChildProcess? _process;

    private PostgresServer(string bin, string root, int port)
    {
        _bin = bin;
        _root = root;
        Port = port;
    }

    public int Port { get; }

    public string DataDirectory => Path.Combine(_root, "data");

    public string AdminConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Password={AdminPassword};Database={database};Pooling=false;Timeout=5";

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinaries();
        var root = Directory.CreateTempSubdirectory("infra-app-pg-").FullName;
        var server = new PostgresServer(bin, root, Loopback.FreePort());
        await File.WriteAllTextAsync(Path.Combine(root, "pwfile"), AdminPassword);
        await RunAsRoot("chown", ["-R", "postgres:postgres", root]);
        var (code, output) = await ChildProcess.RunAsync(AsPostgres(), [.. AsPostgresArgs(), Path.Combine(bin, "initdb"),
            "-D", server.DataDirectory, "-U", "postgres", "--pwfile", Path.Combine(root, "pwfile"),
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync", "--no-instructions"]);
        if (code != 0)
        {
            throw new InvalidOperationException($"initdb failed ({code}):\n{output}");
        }

        await server.StartProcessAsync();
        await using var admin = new NpgsqlConnection(server.AdminConnectionString());
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE ROLE {AppUser} LOGIN PASSWORD '{AppPassword.Replace("'", "''")}'", admin);
        await create.ExecuteNonQueryAsync();
        return server;
    }

    /// <summary>A new, empty database owned by the app's role.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"app_{Guid.NewGuid():N}"[..20];
        await using var admin = new NpgsqlConnection(AdminConnectionString());
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name} OWNER {AppUser}", admin);
        await create.ExecuteNonQueryAsync();
        return name;
    }

    /// <summary>Fast shutdown, as an operator's restart would do; the data directory stays.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        _process.Signal(Signals.SigInt);
        await _process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await _process.DisposeAsync();
        _process = null;
    }

    public async Task StartProcessAsync()
    {
        _process = ChildProcess.Start(AsPostgres(), [.. AsPostgresArgs(), Path.Combine(_bin, "postgres"),
            "-D", DataDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", _root,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=300", "-c", "shared_buffers=32MB"]);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString());
                await connection.OpenAsync();
                return;
            }
            catch (Exception e) when (e is NpgsqlException && DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"Postgres did not start on port {Port}:\n{_process.Tail()}", e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process; the temp dir is cleaned by the OS eventually.
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string AsPostgres() => IsRoot ? "setpriv" : "env";

    private static string[] AsPostgresArgs() =>
        IsRoot ? ["--reuid=postgres", "--regid=postgres", "--clear-groups", "--"] : [];

    private static async Task RunAsRoot(string command, string[] args)
    {
        if (!IsRoot)
        {
            return;
        }

        var (code, output) = await ChildProcess.RunAsync(command, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"{command} failed ({code}): {output}");
        }
    }

    private static string FindBinaries()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")) && File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "Postgres server binaries not found under /usr/lib/postgresql/<version>/bin. Install them: apt-get install -y postgresql");
    }
}
