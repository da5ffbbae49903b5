using Infra.Blueprint.Data;
using Infra.Blueprint.Settings;
using Infra.TestKit;

namespace Infra.Data.Tests.Daemons;

/// <summary>
/// A real Postgres (Debian's) on a free loopback port, in a temp dir owned by the postgres user, started with
/// the rendered <c>postgresql.conf</c> and <c>pg_hba.conf</c>, the superuser as in the image, and the least-privilege
/// roles made by the plan's own roles script (<see cref="PostgresRoles"/>), as the <c>postgres-roles</c> job runs it.
/// </summary>
public sealed class PostgresDaemon : IDisposable
{
    private PostgresDaemon(TempDirectory dir, StackSettings settings, int port, string password)
    {
        Dir = dir;
        Settings = settings;
        Port = port;
        Password = password;
    }

    /// <summary>The temp dir (data, socket, config, WAL archive).</summary>
    public TempDirectory Dir { get; }

    /// <summary>The settings it was rendered from.</summary>
    public StackSettings Settings { get; }

    /// <summary>TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The superuser's password.</summary>
    public string Password { get; }

    /// <summary>File holding <see cref="Password"/>, as the Swarm secret would.</summary>
    public string PasswordFile => Dir.File(PostgresRoles.SuperuserSecret);

    /// <summary>The app role's password (<see cref="PostgresRoles.App"/>).</summary>
    public string AppPassword { get; } = "app-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>File holding the backup role's password (<see cref="PostgresRoles.Backup"/>).</summary>
    public string BackupPasswordFile => Dir.File(PostgresRoles.BackupSecret);

    /// <summary>File holding the monitor role's password (<see cref="PostgresRoles.Monitor"/>).</summary>
    public string MonitorPasswordFile => Dir.File(PostgresRoles.MonitorSecret);

    /// <summary>File holding <see cref="AppPassword"/>.</summary>
    public string AppPasswordFile => Dir.File(PostgresRoles.AppSecret);

    /// <summary>The WAL archive directory.</summary>
    public string WalArchive => Dir.File("wal-archive");

    /// <summary>The data directory.</summary>
    public string DataDirectory => Dir.File("data");

    /// <summary>The directory of Debian's server binaries (initdb, pg_ctl, postgres).</summary>
    public static string BinDirectory
    {
        get
        {
            var root = "/usr/lib/postgresql";
            var dir = Directory.Exists(root)
                ? Directory.EnumerateDirectories(root).Where(d => File.Exists(Path.Combine(d, "bin", "pg_ctl"))).OrderBy(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).LastOrDefault()
                : null;
            return dir is null
                ? throw new InvalidOperationException("Postgres server binaries are not installed; install them with: apt-get install -y postgresql (.ci/run does)")
                : Path.Combine(dir, "bin");
        }
    }

    /// <summary>
    /// Starts Postgres for <paramref name="settings"/>; <paramref name="allowedNetworks"/> go into pg_hba.conf; without
    /// <paramref name="roles"/> it is a database of a stack deployed before the roles job (the superuser only).
    /// </summary>
    public static PostgresDaemon Start(StackSettings settings, IReadOnlyList<string> allowedNetworks, bool roles = true)
    {
        Tools.Require("runuser", "util-linux");
        var dir = new TempDirectory("postgres");
        var postgres = new PostgresDaemon(dir, settings, Loopback.FreePort(), "app-" + Guid.NewGuid().ToString("N")[..16]);
        try
        {
            postgres.Init(allowedNetworks, roles);
            return postgres;
        }
        catch
        {
            postgres.Dispose();
            throw;
        }
    }

    private void Init(IReadOnlyList<string> allowedNetworks, bool roles)
    {
        Directory.CreateDirectory(Dir.File("socket"));
        Directory.CreateDirectory(WalArchive);
        File.WriteAllText(PasswordFile, Password + "\n");
        var pitr = Settings.Backups.Enabled && Settings.Backups.PointInTimeRecovery;
        var runtime = new PostgresRuntime("127.0.0.1", Port, Dir.File("pg_hba.conf"), Dir.File("socket"), WalArchive);
        Dir.Write("postgresql.conf", PostgresConfig.Render(Settings, runtime));
        Dir.Write("pg_hba.conf", PgHbaConfig.Render(allowedNetworks, replication: pitr));
        Must(Tools.Run("chown", ["-R", "postgres:postgres", Dir.Path]), "chown");
        Must(Tools.Run("chmod", ["755", Dir.Path]), "chmod");

        Must(AsPostgres("initdb", "--pgdata", DataDirectory, "--username", Settings.Postgres.User, "--pwfile", PasswordFile,
            "--auth", "scram-sha-256", "--encoding", "UTF8", "--locale", "C", "--data-checksums"), "initdb");
        Must(AsPostgres("pg_ctl", "--pgdata", DataDirectory, "--wait", "--timeout", "60", "--log", Dir.File("postgres.log"),
            "-o", $"-c config_file={Dir.File("postgresql.conf")}", "start"), "pg_ctl start");
        // Over the socket: the rendered pg_hba.conf may not allow loopback TCP at all.
        Must(Psql("CREATE DATABASE " + Settings.Postgres.Database, host: Dir.File("socket")), "create database");
        File.WriteAllText(AppPasswordFile, AppPassword + "\n");
        File.WriteAllText(BackupPasswordFile, "backup-" + Guid.NewGuid().ToString("N")[..16] + "\n");
        File.WriteAllText(MonitorPasswordFile, "monitor-" + Guid.NewGuid().ToString("N")[..16] + "\n");
        if (roles)
        {
            Must(ApplyRoles(), "the roles script");
        }
    }

    /// <summary>
    /// Runs the plan's roles script (the <c>postgres-roles</c> job's command) against this server, over the socket: some
    /// tests render a pg_hba.conf that refuses loopback TCP.
    /// </summary>
    public ProcessResult ApplyRoles() =>
        Tools.Run("sh", ["-c", PostgresRoles.Script(Settings)], TimeSpan.FromMinutes(2), environment: new Dictionary<string, string>
        {
            ["PATH"] = $"{BinDirectory}:{System.Environment.GetEnvironmentVariable("PATH")}",
            ["PGHOST"] = Dir.File("socket"),
            ["PGPORT"] = Port.ToString(),
            ["PGPASSWORD_FILE"] = PasswordFile,
            ["APP_PASSWORD_FILE"] = AppPasswordFile,
            ["MONITOR_PASSWORD_FILE"] = MonitorPasswordFile,
            ["BACKUP_PASSWORD_FILE"] = BackupPasswordFile,
        });

    /// <summary>Runs SQL as the app role over TCP on loopback in the app's database.</summary>
    public ProcessResult PsqlAsApp(string sql) => Psql(sql, Settings.Postgres.Database, PostgresRoles.App, AppPassword);

    /// <summary>Runs a Debian server binary as the postgres user.</summary>
    public static ProcessResult AsPostgres(string program, params string[] arguments) =>
        Tools.Run(Tools.Require("runuser", "util-linux"), ["-u", "postgres", "--", Path.Combine(BinDirectory, program), .. arguments], TimeSpan.FromMinutes(2));

    /// <summary>Runs SQL as the app role over TCP on loopback (database <c>postgres</c> unless given).</summary>
    public ProcessResult Psql(string sql, string? database = null, string? user = null, string? password = null, string host = "127.0.0.1") =>
        Tools.Run(Tools.Require("psql", "postgresql-client"),
            ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", Port.ToString(), "-U", user ?? Settings.Postgres.User, "-d", database ?? "postgres", "-c", sql],
            TimeSpan.FromMinutes(5),
            environment: new Dictionary<string, string> { ["PGPASSWORD"] = password ?? Password, ["PGCONNECT_TIMEOUT"] = "5" });

    /// <summary>The server's log, for failure messages.</summary>
    public string Log => File.Exists(Dir.File("postgres.log")) ? File.ReadAllText(Dir.File("postgres.log")) : "";

    private void Must(ProcessResult result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed: {result.Output}\n{Log}");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            AsPostgres("pg_ctl", "--pgdata", DataDirectory, "--mode", "immediate", "--wait", "stop");
        }

        Dir.Dispose();
    }
}
