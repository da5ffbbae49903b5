using System.Globalization;
using Infra.Blueprint.Data;
using Infra.Blueprint.Settings;
using Infra.Contract;

namespace Infra.Blueprint.Platform;

// The data tier: Postgres, PgBouncer in front of it and Redis, all pinned to the db host next to their volumes.
// Stateful services update stop-first: two writers on one volume would corrupt it. The app reaches Postgres only
// through PgBouncer, over TLS (internal CA) when it runs on other hosts; the migrate job runs before every app
// rollout and connects to Postgres directly, since migrations need a session.
public static partial class Planner
{
    /// <summary>Service name (and DNS name) of Postgres.</summary>
    public const string PostgresService = "postgres";

    /// <summary>Service name (and DNS name) of PgBouncer, the address the app connects to.</summary>
    public const string PgBouncerService = "pgbouncer";

    /// <summary>Service name (and DNS name) of Redis.</summary>
    public const string RedisService = "redis";

    /// <summary>Name of the job that runs the app's migrations before a rollout.</summary>
    public const string MigrateJob = "migrate";

    /// <summary>Secret holding the <c>requirepass</c> line Redis includes.</summary>
    public const string RedisAuthSecret = "redis_auth";

    /// <summary>Secret holding PgBouncer's userlist (<c>"user" "password"</c>).</summary>
    public const string PgBouncerUserlistSecret = "pgbouncer_userlist";

    /// <summary>Symbolic name of PgBouncer's certificate (internal CA), when the app crosses hosts.</summary>
    public const string PgBouncerCertificate = "pgbouncer";

    /// <summary>Subnet of the backend network: <c>pg_hba.conf</c> allows exactly this range.</summary>
    public const string BackendSubnet = "10.231.0.0/24";

    /// <summary>Volume of Postgres's data directory.</summary>
    public const string PostgresVolume = "postgres-data";

    /// <summary>Volume of Redis's RDB and AOF files.</summary>
    public const string RedisVolume = "redis-data";

    /// <summary>Volume of the WAL archive (point-in-time recovery): segments wait here until shipped offsite.</summary>
    public const string WalArchiveVolume = "postgres-wal-archive";

    /// <summary>Whether the app runs on any host other than the db host, so its database traffic crosses hosts.</summary>
    public static bool AppCrossesHosts(StackSettings settings)
    {
        var db = settings.HostsWith(HostRole.Db).Single();
        var workers = settings.HostsWith(HostRole.Worker);
        var appHosts = workers.Count > 0 ? workers : settings.Hosts;
        return appHosts.Any(h => h.Name != db.Name);
    }

    private static void AddData(StackSettings settings, List<SecretSpec> secrets, List<ConfigFileSpec> configs, List<VolumeSpec> volumes, List<ServiceSpec> services, List<CertificateSpec> certificates)
    {
        var db = settings.HostsWith(HostRole.Db).Single();
        var pitr = settings.Backups.Enabled && settings.Backups.PointInTimeRecovery;
        var tls = AppCrossesHosts(settings);

        secrets.Add(new SecretSpec(AppContract.Secrets.PostgresPassword, SecretKind.Password, Length: 32));
        secrets.Add(new SecretSpec(PgBouncerUserlistSecret, SecretKind.Derived, From: AppContract.Secrets.PostgresPassword, Template: PgBouncerConfig.UserlistTemplate(settings.Postgres)));

        volumes.Add(new VolumeSpec(PostgresVolume, db.Name, Stateful: true, Protected: settings.Production));
        if (pitr)
        {
            volumes.Add(new VolumeSpec(WalArchiveVolume, db.Name, Stateful: true, Protected: settings.Production));
        }
        volumes.Add(new VolumeSpec(RedisVolume, db.Name, Stateful: true, Protected: settings.Production));

        var postgresRuntime = PostgresRuntime.Swarm;
        var postgresConf = new ConfigFileSpec("postgresql.conf", PostgresConfig.Render(settings, postgresRuntime));
        var hbaConf = new ConfigFileSpec("pg_hba.conf", PgHbaConfig.Render([BackendSubnet], replication: pitr));
        var pgbouncerRuntime = PgBouncerRuntime.Swarm(tls);
        var pgbouncerIni = new ConfigFileSpec("pgbouncer.ini", PgBouncerConfig.Render(settings.Postgres, pgbouncerRuntime));
        var redisConf = new ConfigFileSpec("redis.conf", RedisConfig.Render(settings.Redis));
        configs.AddRange([postgresConf, hbaConf, pgbouncerIni, redisConf]);

        var dataUpdate = new UpdatePolicy(UpdateOrder.StopFirst, Parallelism: 1, DelaySeconds: 0, MonitorSeconds: 30, RollbackOnFailure: true, ConvergeTimeoutSeconds: 600);
        var postgresMemory = PostgresConfig.MemoryBudgetMb(settings);
        const string postgresUid = "70";
        var postgresVolumes = new List<VolumeMount> { new(PostgresVolume, "/var/lib/postgresql/data") };
        if (pitr)
        {
            postgresVolumes.Add(new VolumeMount(WalArchiveVolume, postgresRuntime.WalArchiveDirectory));
        }

        services.Add(new ServiceSpec(
            Name: PostgresService,
            Image: Images.Postgres[settings.Postgres.Version].ToString(),
            Command: pitr
                // A fresh volume's root belongs to root; Postgres (uid 70) must own the archive it writes.
                ? ["sh", "-c", $"install -d -o postgres -g postgres -m 700 {postgresRuntime.WalArchiveDirectory} && exec docker-entrypoint.sh postgres -c config_file=/etc/postgresql/postgresql.conf"]
                : ["postgres", "-c", "config_file=/etc/postgresql/postgresql.conf"],
            Environment: new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["POSTGRES_DB"] = settings.Postgres.Database,
                ["POSTGRES_USER"] = settings.Postgres.User,
                ["POSTGRES_PASSWORD_FILE"] = AppContract.Secrets.PathOf(AppContract.Secrets.PostgresPassword),
                ["POSTGRES_INITDB_ARGS"] = "--auth-local=scram-sha-256 --auth-host=scram-sha-256 --data-checksums",
                ["PGDATA"] = "/var/lib/postgresql/data/pgdata",
            },
            Networks: [BackendNetwork],
            Secrets: [new SecretMount(AppContract.Secrets.PostgresPassword, AppContract.Secrets.PostgresPassword, Uid: postgresUid)],
            Configs:
            [
                new ConfigMount(postgresConf.Key, "/etc/postgresql/postgresql.conf"),
                new ConfigMount(hbaConf.Key, postgresRuntime.HbaFile),
            ],
            Volumes: postgresVolumes,
            Ports: [],
            // Over the Unix socket: a TCP probe from 127.0.0.1 would log a refused pg_hba line every 5 seconds.
            Healthcheck: new Healthcheck(["CMD-SHELL", $"pg_isready -q -h {postgresRuntime.SocketDirectory} -U {settings.Postgres.User} -d {settings.Postgres.Database}"], 5, 3, 5, 60),
            Update: dataUpdate,
            Resources: new Resources(db.Cpus, postgresMemory, postgresMemory / 2),
            Placement: [Constraint("db")],
            Global: false,
            Replicas: 1,
            // A clean shutdown writes a checkpoint; SIGKILL before it means crash recovery on the next start.
            StopGraceSeconds: 120,
            Stateful: true,
            After: []));

        var pgbouncerSecrets = new List<SecretMount> { new(PgBouncerUserlistSecret, PgBouncerUserlistSecret, Uid: postgresUid) };
        var pgbouncerConfigs = new List<ConfigMount> { new(pgbouncerIni.Key, "/etc/pgbouncer/pgbouncer.ini") };
        if (tls)
        {
            var certificate = new CertificateSpec(PgBouncerCertificate, [PgBouncerService], ValidityDays: 825, KeyAlgorithm: "ECDSA", Issuer: CertificateIssuer.InternalCa);
            certificates.Add(certificate);
            secrets.Add(new SecretSpec(certificate.KeySecretName, SecretKind.CertificateKey, From: certificate.Name));
            pgbouncerSecrets.Add(new SecretMount(certificate.KeySecretName, certificate.KeySecretName, Uid: postgresUid));
            pgbouncerConfigs.Add(new ConfigMount(certificate.ConfigKey, pgbouncerRuntime.CertificateFile));
        }

        services.Add(new ServiceSpec(
            Name: PgBouncerService,
            Image: Images.PgBouncer.ToString(),
            Command: ["pgbouncer", "/etc/pgbouncer/pgbouncer.ini"],
            Environment: new SortedDictionary<string, string>(StringComparer.Ordinal),
            Networks: [BackendNetwork],
            Secrets: pgbouncerSecrets,
            Configs: pgbouncerConfigs,
            Volumes: [],
            Ports: [],
            Healthcheck: new Healthcheck(["CMD-SHELL", $"nc -z 127.0.0.1 {PgBouncerRuntime.DefaultPort} || exit 1"], 5, 3, 3, 5),
            // Stateless: a new PgBouncer starts before the old one stops; clients reconnect through the VIP.
            Update: new UpdatePolicy(UpdateOrder.StartFirst, Parallelism: 1, DelaySeconds: 5, MonitorSeconds: 20, RollbackOnFailure: true, ConvergeTimeoutSeconds: 300),
            Resources: new Resources(1, 128, 32),
            Placement: [Constraint("db")],
            Global: false,
            Replicas: 1,
            // PAUSE-free shutdown: SIGTERM lets running transactions finish (shutdown_wait_for_servers).
            StopGraceSeconds: 30,
            Stateful: false,
            After: [PostgresService]));

        secrets.Add(new SecretSpec(AppContract.Secrets.RedisPassword, SecretKind.Password, Length: 32));
        secrets.Add(new SecretSpec(RedisAuthSecret, SecretKind.Derived, From: AppContract.Secrets.RedisPassword, Template: "requirepass {0}\n"));

        services.Add(new ServiceSpec(
            Name: RedisService,
            Image: Images.Redis.ToString(),
            Command: ["redis-server", "/usr/local/etc/redis/redis.conf"],
            Environment: new SortedDictionary<string, string>(StringComparer.Ordinal),
            Networks: [BackendNetwork],
            Secrets:
            [
                new SecretMount(RedisAuthSecret, RedisAuthSecret, Uid: "999"),
                new SecretMount(AppContract.Secrets.RedisPassword, AppContract.Secrets.RedisPassword, Uid: "999"),
            ],
            Configs: [new ConfigMount(redisConf.Key, "/usr/local/etc/redis/redis.conf")],
            Volumes: [new VolumeMount(RedisVolume, "/data")],
            Ports: [],
            Healthcheck: new Healthcheck(["CMD-SHELL", $"REDISCLI_AUTH=\"$(cat {AppContract.Secrets.PathOf(AppContract.Secrets.RedisPassword)})\" redis-cli ping | grep -q PONG"], 5, 3, 5, 10),
            Update: dataUpdate,
            // The limit leaves room above maxmemory for fragmentation and the AOF rewrite's fork.
            Resources: new Resources(1, settings.Redis.MaxMemoryMb * 2 + 64, settings.Redis.MaxMemoryMb),
            Placement: [Constraint("db")],
            Global: false,
            Replicas: 1,
            StopGraceSeconds: 30,
            Stateful: true,
            After: []));
    }

    /// <summary>The environment through which the app reaches the database: PgBouncer, with TLS when it crosses hosts.</summary>
    private static void AddDatabaseEnvironment(StackSettings settings, IDictionary<string, string> environment)
    {
        var tls = AppCrossesHosts(settings);
        environment[AppContract.Env.PostgresHost] = PgBouncerService;
        environment[AppContract.Env.PostgresPort] = PgBouncerRuntime.DefaultPort.ToString(CultureInfo.InvariantCulture);
        environment[AppContract.Env.PostgresSslMode] = tls ? "verify-full" : "disable";
        environment[AppContract.Env.PostgresSslRootCertFile] = tls ? InternalCaPath : "";
    }

    /// <summary>Where services mount the internal CA's certificate.</summary>
    public const string InternalCaPath = "/etc/ssl/infra/internal-ca.crt";

    private static void AddMigrateJob(StackSettings settings, List<JobSpec> jobs)
    {
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [AppContract.Env.Environment] = settings.Stack,
            [AppContract.Env.Version] = settings.App.Image.Tag,
            [AppContract.Env.Instance] = MigrateJob,
            // Migrations take session-level locks and run DDL outside transactions: straight to Postgres, on its host.
            [AppContract.Env.PostgresHost] = PostgresService,
            [AppContract.Env.PostgresPort] = PostgresRuntime.DefaultPort.ToString(CultureInfo.InvariantCulture),
            [AppContract.Env.PostgresDatabase] = settings.Postgres.Database,
            [AppContract.Env.PostgresUser] = settings.Postgres.User,
            [AppContract.Env.PostgresPasswordFile] = AppContract.Secrets.PathOf(AppContract.Secrets.PostgresPassword),
            [AppContract.Env.PostgresSslMode] = "disable",
            [AppContract.Env.PostgresSslRootCertFile] = "",
        };
        jobs.Add(new JobSpec(
            Name: MigrateJob,
            Image: settings.App.Image.ToString(),
            Entrypoint: [],
            Command: [AppContract.Commands.Migrate],
            Environment: environment,
            Networks: [BackendNetwork],
            Secrets: [AppSecret(AppContract.Secrets.PostgresPassword)],
            Volumes: [],
            Placement: [Constraint("db")],
            TimeoutSeconds: 900,
            Gates: Enumerable.Range(1, settings.App.Replicas).Select(AppReplica).ToList(),
            // The migrate command does not wait for the database: on a first deploy Postgres must be up before it runs.
            After: [PostgresService]));
    }
}
