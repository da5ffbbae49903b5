using Infra.Blueprint.Data;
using Infra.Blueprint.Settings;
using Infra.TestKit;
using Infra.Blueprint.Backups;

namespace Infra.Data.Tests.Daemons;

/// <summary>
/// Postgres and Redis on loopback, a local-directory restic repository, and the rendered backup and drill
/// scripts with their environment pointed at them instead of the Swarm layout.
/// </summary>
public sealed class BackupRig : IDisposable
{
    private BackupRig(StackSettings settings, PostgresDaemon postgres, RedisDaemon redis, TempDirectory dir, S3Server? s3)
    {
        S3 = s3;
        Settings = settings;
        Postgres = postgres;
        Redis = redis;
        Dir = dir;
    }

    /// <summary>The settings the scripts were rendered from.</summary>
    public StackSettings Settings { get; }

    /// <summary>The database.</summary>
    public PostgresDaemon Postgres { get; }

    /// <summary>The cache.</summary>
    public RedisDaemon Redis { get; }

    /// <summary>Repository, work and metrics directories.</summary>
    public TempDirectory Dir { get; }

    /// <summary>The S3 server the repository lives on, or null for a local-directory repository.</summary>
    public S3Server? S3 { get; }

    /// <summary>The restic repository: a local directory, or on <see cref="S3"/> where the settings put it.</summary>
    public string Repository => S3 is null ? Dir.File("repo") : Settings.Backups.ResticRepository(Settings.Stack);

    /// <summary>node-exporter's textfile directory.</summary>
    public string MetricsDirectory => Dir.File("metrics");

    /// <summary>
    /// Starts everything for <paramref name="settings"/>; with <paramref name="s3"/>, the repository is the one the
    /// settings name (<c>infra:backups.s3Endpoint</c>, <c>.bucket</c>) on that server, reached with restic's S3 backend.
    /// </summary>
    public static BackupRig Start(StackSettings settings, S3Server? s3 = null)
    {
        Tools.Require("restic", "restic");
        var postgres = PostgresDaemon.Start(settings, ["127.0.0.1/32"]);
        RedisDaemon? redis = null;
        try
        {
            redis = RedisDaemon.Start(settings.Redis);
            var dir = new TempDirectory("backup");
            dir.Write("restic_password", "restic-" + Guid.NewGuid().ToString("N") + "\n");
            dir.Write("backup.sh", BackupScript.Render(settings, BackupRuntime.Swarm(settings)));
            dir.Write("restore-drill.sh", RestoreDrillScript.Render(settings, BackupRuntime.Swarm(settings)));
            dir.Write("s3_access_key_id", S3Server.Credential + "\n");
            dir.Write("s3_secret_access_key", S3Server.Credential + "\n");
            return new BackupRig(settings, postgres, redis, dir, s3);
        }
        catch
        {
            redis?.Dispose();
            postgres.Dispose();
            throw;
        }
    }

    /// <summary>The scripts' environment: every Swarm default replaced by its loopback counterpart.</summary>
    public Dictionary<string, string> Environment => S3 is null ? LoopbackEnvironment : WithS3(LoopbackEnvironment, S3);

    // On S3 the scripts keep the repository and region they were rendered with; only the key files and the CA move.
    private static Dictionary<string, string> WithS3(Dictionary<string, string> environment, S3Server s3)
    {
        environment.Remove("RESTIC_REPOSITORY");
        environment["AWS_ACCESS_KEY_ID_FILE"] = environment["AWS_ACCESS_KEY_ID_FILE"].Replace("none", "s3_access_key_id", StringComparison.Ordinal);
        environment["AWS_SECRET_ACCESS_KEY_FILE"] = environment["AWS_SECRET_ACCESS_KEY_FILE"].Replace("none", "s3_secret_access_key", StringComparison.Ordinal);
        environment["SSL_CERT_FILE"] = s3.CaFile;
        return environment;
    }

    private Dictionary<string, string> LoopbackEnvironment => new()
    {
        ["PATH"] = $"{PostgresDaemon.BinDirectory}:{System.Environment.GetEnvironmentVariable("PATH")}",
        ["PGHOST"] = "127.0.0.1",
        ["PGPORT"] = Postgres.Port.ToString(),
        ["PGPASSWORD_FILE"] = Postgres.BackupPasswordFile,
        ["REDIS_HOST"] = "127.0.0.1",
        ["REDIS_PORT"] = Redis.Port.ToString(),
        ["REDIS_PASSWORD_FILE"] = Redis.PasswordFile,
        ["REDIS_DATA_DIR"] = Redis.DataDirectory,
        ["RESTIC_BIN"] = Tools.Require("restic", "restic"),
        ["RESTIC_REPOSITORY"] = Repository,
        ["RESTIC_PASSWORD_FILE"] = Dir.File("restic_password"),
        ["RESTIC_CACHE_DIR"] = Dir.File("cache"),
        ["AWS_ACCESS_KEY_ID_FILE"] = Dir.File("none"),
        ["AWS_SECRET_ACCESS_KEY_FILE"] = Dir.File("none"),
        ["BACKUP_WORK_DIR"] = Dir.File("work"),
        ["METRICS_DIR"] = MetricsDirectory,
        ["WAL_ARCHIVE_DIR"] = Postgres.WalArchive,
        ["DRILL_RUN_AS"] = "runuser -u postgres --",
        ["DRILL_PORT"] = Loopback.FreePort().ToString(),
        ["DRILL_READ_DATA_SUBSET"] = "100%",
    };

    /// <summary>Runs <c>backup.sh</c> (with <paramref name="arguments"/>).</summary>
    public ProcessResult Backup(params string[] arguments) =>
        Tools.Run("bash", [Dir.File("backup.sh"), .. arguments], TimeSpan.FromMinutes(5), environment: Environment);

    /// <summary>Runs <c>restore-drill.sh</c>.</summary>
    public ProcessResult Drill(params string[] arguments) =>
        Tools.Run("bash", [Dir.File("restore-drill.sh"), .. arguments], TimeSpan.FromMinutes(5), environment: Environment);

    /// <summary>
    /// Runs <c>restore-drill.sh</c> with nothing of the old stack but <paramref name="kit"/> (<see cref="RecoveryKit"/>):
    /// its values written to fresh files, as docs/runbooks/recovery.md does on a new host.
    /// </summary>
    public ProcessResult DrillWith(IReadOnlyDictionary<string, string> kit)
    {
        Dir.Write("kit_restic_password", kit["RESTIC_PASSWORD"] + "\n");
        Dir.Write("kit_s3_access_key_id", kit["AWS_ACCESS_KEY_ID"] + "\n");
        Dir.Write("kit_s3_secret_access_key", kit["AWS_SECRET_ACCESS_KEY"] + "\n");
        var environment = Environment;
        environment["RESTIC_REPOSITORY"] = kit["RESTIC_REPOSITORY"];
        environment["AWS_DEFAULT_REGION"] = kit["AWS_DEFAULT_REGION"];
        environment["RESTIC_PASSWORD_FILE"] = Dir.File("kit_restic_password");
        environment["AWS_ACCESS_KEY_ID_FILE"] = Dir.File("kit_s3_access_key_id");
        environment["AWS_SECRET_ACCESS_KEY_FILE"] = Dir.File("kit_s3_secret_access_key");
        return Tools.Run("bash", [Dir.File("restore-drill.sh")], TimeSpan.FromMinutes(5), environment: environment);
    }

    /// <summary>Runs restic against the repository.</summary>
    public ProcessResult Restic(params string[] arguments) =>
        Tools.Run(Tools.Require("restic", "restic"), arguments, TimeSpan.FromMinutes(2), environment: ResticEnvironment);

    // restic itself reads its keys from the environment, not from the files the scripts read.
    private Dictionary<string, string> ResticEnvironment
    {
        get
        {
            var environment = Environment;
            environment["RESTIC_REPOSITORY"] = Repository;
            if (S3 is not null)
            {
                environment["AWS_ACCESS_KEY_ID"] = S3Server.Credential;
                environment["AWS_SECRET_ACCESS_KEY"] = S3Server.Credential;
            }

            return environment;
        }
    }

    /// <summary>The value of a metric in the text files, or null.</summary>
    public string? Metric(string name)
    {
        if (!Directory.Exists(MetricsDirectory))
        {
            return null;
        }

        return Directory.EnumerateFiles(MetricsDirectory, "*.prom")
            .SelectMany(File.ReadAllLines)
            .Where(l => l.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(l => l[(name.Length + 1)..])
            .SingleOrDefault();
    }

    /// <summary>Creates tables with known row counts in the app's database, and some keys in Redis.</summary>
    public void Seed()
    {
        var sql = """
            CREATE TABLE customers (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), total numeric(12, 2) NOT NULL);
            CREATE SCHEMA billing;
            CREATE TABLE billing.invoices (id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id), body jsonb NOT NULL);
            CREATE TABLE "Audit Log" (id int, note text);
            INSERT INTO customers (name) SELECT 'customer ' || g FROM generate_series(1, 1000) g;
            INSERT INTO orders (customer_id, total) SELECT 1 + g % 1000, g * 1.5 FROM generate_series(1, 5000) g;
            INSERT INTO billing.invoices (order_id, body) SELECT g, jsonb_build_object('n', g) FROM generate_series(1, 2500) g;
            INSERT INTO "Audit Log" VALUES (1, 'quoted identifiers survive');
            """;
        var result = Postgres.Psql(sql, Settings.Postgres.Database);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.Output);
        }

        Redis.Cli(["SET", "session:1", "alive"]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Redis.Dispose();
        Postgres.Dispose();
        Dir.Dispose();
    }
}
