using Infra.Blueprint.Platform;
using Infra.Contract;

namespace Infra.Blueprint.Data;

/// <summary>
/// Postgres, pinned to the db host next to its volume. Stateful: it updates stop-first, since two writers on one
/// volume would corrupt it. With point-in-time recovery it archives WAL into a second volume the backup ships.
/// </summary>
public static class Postgres
{
    /// <summary>The uid the official image runs Postgres (and PgBouncer's image its daemon) as.</summary>
    public const string Uid = "70";

    /// <summary>Where the rendered <c>postgresql.conf</c> is mounted.</summary>
    public const string ConfigPath = "/etc/postgresql/postgresql.conf";

    /// <summary>Where the data volume is mounted.</summary>
    public const string DataDirectory = "/var/lib/postgresql/data";

    /// <summary>Stateful services on the db host update one at a time, stop-first, and roll back when unhealthy.</summary>
    public static UpdatePolicy StatefulUpdate { get; } = new(UpdateOrder.StopFirst, Parallelism: 1, DelaySeconds: 0, MonitorSeconds: 30, RollbackOnFailure: true, ConvergeTimeoutSeconds: 600);

    /// <summary>
    /// The size of Postgres's <c>/dev/shm</c>: a quarter of its memory budget (as much as its shared buffers), at least
    /// 256 MiB, and below 2 GiB, since Pulumi.Docker 5.1.0 types a tmpfs size as a 32-bit integer (pulumi/pulumi-docker#1185).
    /// </summary>
    public static int SharedMemoryMb(int memoryBudgetMb) => Math.Clamp(memoryBudgetMb / 4, 256, 2047);

    /// <summary>Postgres's part of the plan.</summary>
    public static PlanPart Plan(Layout layout)
    {
        var settings = layout.Settings;
        var pitr = settings.Backups.Enabled && settings.Backups.PointInTimeRecovery;
        var runtime = PostgresRuntime.Swarm;
        var postgresConf = new ConfigFileSpec("postgresql.conf", PostgresConfig.Render(settings, runtime));
        var hbaConf = new ConfigFileSpec("pg_hba.conf", PgHbaConfig.Render([Layout.BackendSubnet], replication: pitr));
        var memory = PostgresConfig.MemoryBudgetMb(settings);
        var volumes = new List<VolumeSpec> { new(Layout.PostgresVolume, layout.DbHost.Name, Stateful: true, Protected: settings.Production) };
        var mounts = new List<VolumeMount> { new(Layout.PostgresVolume, DataDirectory) };
        if (pitr)
        {
            volumes.Add(new VolumeSpec(Layout.WalArchiveVolume, layout.DbHost.Name, Stateful: true, Protected: settings.Production));
            mounts.Add(new VolumeMount(Layout.WalArchiveVolume, runtime.WalArchiveDirectory));
        }

        return new PlanPart
        {
            Secrets = [new SecretSpec(AppContract.Secrets.PostgresPassword, SecretKind.Password, Length: 32)],
            Volumes = volumes,
            Configs = [postgresConf, hbaConf],
            Services =
            [
                new ServiceSpec
                {
                    Name = Layout.PostgresService,
                    Image = Images.Postgres[settings.Postgres.Version].ToString(),
                    Command = pitr
                        // A fresh volume's root belongs to root; Postgres (uid 70) must own the archive it writes.
                        ? ["sh", "-c", $"install -d -o postgres -g postgres -m 700 {runtime.WalArchiveDirectory} && exec docker-entrypoint.sh postgres -c config_file={ConfigPath}"]
                        : ["postgres", "-c", $"config_file={ConfigPath}"],
                    Environment = new SortedDictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["POSTGRES_DB"] = settings.Postgres.Database,
                        ["POSTGRES_USER"] = settings.Postgres.User,
                        ["POSTGRES_PASSWORD_FILE"] = AppContract.Secrets.PathOf(AppContract.Secrets.PostgresPassword),
                        ["POSTGRES_INITDB_ARGS"] = "--auth-local=scram-sha-256 --auth-host=scram-sha-256 --data-checksums",
                        ["PGDATA"] = $"{DataDirectory}/pgdata",
                    },
                    Networks = [Layout.BackendNetwork],
                    Secrets = [new SecretMount(AppContract.Secrets.PostgresPassword, AppContract.Secrets.PostgresPassword, Uid: Uid)],
                    Configs = [new ConfigMount(postgresConf.Key, ConfigPath), new ConfigMount(hbaConf.Key, runtime.HbaFile)],
                    Volumes = mounts,
                    // Docker's default /dev/shm is 64 MiB: parallel queries share their hash tables there (dynamic
                    // shared memory), and the prod settings' parallel hash joins fail with "could not resize shared memory segment".
                    Tmpfs = [new TmpfsMount("/dev/shm", SharedMemoryMb(memory))],
                    // Over the Unix socket: a TCP probe from 127.0.0.1 would log a refused pg_hba line every 5 seconds.
                    Healthcheck = new Healthcheck(["CMD-SHELL", $"pg_isready -q -h {runtime.SocketDirectory} -U {settings.Postgres.User} -d {settings.Postgres.Database}"], 5, 3, 5, 60),
                    Update = StatefulUpdate,
                    Resources = new Resources(layout.DbHost.Cpus, memory, memory / 2),
                    Placement = [Layout.Constraint("db")],
                    // A clean shutdown writes a checkpoint; SIGKILL before it means crash recovery on the next start.
                    StopGraceSeconds = 120,
                    Stateful = true,
                },
            ],
        };
    }
}
