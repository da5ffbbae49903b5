using System.Globalization;
using Infra.Blueprint.Data;
using Infra.Blueprint.Settings;
using Infra.Contract;

namespace Infra.Blueprint.Platform;

// The data tier: Postgres and Redis, each pinned to the db host next to its volume. Stateful services
// update stop-first: two writers on one volume would corrupt it.
public static partial class Planner
{
    /// <summary>Service name (and DNS name) of Postgres.</summary>
    public const string PostgresService = "postgres";

    /// <summary>Service name (and DNS name) of Redis.</summary>
    public const string RedisService = "redis";

    /// <summary>Secret holding the <c>requirepass</c> line Redis includes.</summary>
    public const string RedisAuthSecret = "redis_auth";

    private static void AddData(StackSettings settings, List<SecretSpec> secrets, List<ConfigFileSpec> configs, List<VolumeSpec> volumes, List<ServiceSpec> services)
    {
        var db = settings.HostsWith(HostRole.Db).Single();
        var dataUpdate = new UpdatePolicy(UpdateOrder.StopFirst, Parallelism: 1, DelaySeconds: 0, MonitorSeconds: 30, RollbackOnFailure: true, ConvergeTimeoutSeconds: 600);

        secrets.Add(new SecretSpec(AppContract.Secrets.PostgresPassword, SecretKind.Password, Length: 32));
        secrets.Add(new SecretSpec(AppContract.Secrets.RedisPassword, SecretKind.Password, Length: 32));
        secrets.Add(new SecretSpec(RedisAuthSecret, SecretKind.Derived, From: AppContract.Secrets.RedisPassword, Template: "requirepass {0}\n"));

        volumes.Add(new VolumeSpec("postgres-data", db.Name, Stateful: true, Protected: settings.Production));
        volumes.Add(new VolumeSpec("redis-data", db.Name, Stateful: true, Protected: settings.Production));

        var redisConf = new ConfigFileSpec("redis.conf", RedisConfig.Render(settings.Redis));
        configs.Add(redisConf);

        var postgresMemory = Math.Max(256, db.MemoryMb / 2);
        services.Add(new ServiceSpec(
            Name: PostgresService,
            Image: Images.Postgres[settings.Postgres.Version].ToString(),
            Command: ["postgres", "-c", $"max_connections={settings.Postgres.MaxConnections.ToString(CultureInfo.InvariantCulture)}", "-c", "password_encryption=scram-sha-256"],
            Environment: new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["POSTGRES_DB"] = settings.Postgres.Database,
                ["POSTGRES_USER"] = settings.Postgres.User,
                ["POSTGRES_PASSWORD_FILE"] = AppContract.Secrets.PathOf(AppContract.Secrets.PostgresPassword),
                ["POSTGRES_INITDB_ARGS"] = "--auth-host=scram-sha-256 --data-checksums",
                ["PGDATA"] = "/var/lib/postgresql/data/pgdata",
            },
            Networks: [BackendNetwork],
            Secrets: [new SecretMount(AppContract.Secrets.PostgresPassword, AppContract.Secrets.PostgresPassword, Uid: "70")],
            Configs: [],
            Volumes: [new VolumeMount("postgres-data", "/var/lib/postgresql/data")],
            Ports: [],
            Healthcheck: new Healthcheck(["CMD-SHELL", $"pg_isready -U {settings.Postgres.User} -d {settings.Postgres.Database} -h 127.0.0.1"], 5, 3, 5, 30),
            Update: dataUpdate,
            Resources: new Resources(db.Cpus, postgresMemory, postgresMemory / 2),
            Placement: [Constraint("db")],
            Global: false,
            Replicas: 1,
            StopGraceSeconds: 60,
            Stateful: true,
            After: []));

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
            Volumes: [new VolumeMount("redis-data", "/data")],
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
}
