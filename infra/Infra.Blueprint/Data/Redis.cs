using Infra.Blueprint.Platform;
using Infra.Contract;

namespace Infra.Blueprint.Data;

/// <summary>Redis on the db host next to its volume, with a generated password and <c>maxmemory</c>; stateful, stop-first.</summary>
public static class Redis
{
    /// <summary>The uid the official image runs Redis as.</summary>
    public const string Uid = "999";

    /// <summary>Where the rendered <c>redis.conf</c> is mounted.</summary>
    public const string ConfigPath = "/usr/local/etc/redis/redis.conf";

    /// <summary>Redis's part of the plan.</summary>
    public static PlanPart Plan(Layout layout)
    {
        var settings = layout.Settings;
        var conf = new ConfigFileSpec("redis.conf", RedisConfig.Render(settings.Redis));
        return new PlanPart
        {
            Secrets =
            [
                new SecretSpec(AppContract.Secrets.RedisPassword, SecretKind.Password, Length: 32),
                new SecretSpec(Layout.RedisAuthSecret, SecretKind.Derived, From: AppContract.Secrets.RedisPassword, Template: $"requirepass {SecretSpec.ValuePlaceholder}\n"),
            ],
            Volumes = [new VolumeSpec(Layout.RedisVolume, layout.DbHost.Name, Stateful: true, Protected: settings.Production)],
            Configs = [conf],
            Services =
            [
                new ServiceSpec
                {
                    Name = Layout.RedisService,
                    Image = Images.Redis.ToString(),
                    Command = ["redis-server", ConfigPath],
                    Networks = [Layout.BackendNetwork],
                    Secrets =
                    [
                        new SecretMount(Layout.RedisAuthSecret, Layout.RedisAuthSecret, Uid: Uid),
                        new SecretMount(AppContract.Secrets.RedisPassword, AppContract.Secrets.RedisPassword, Uid: Uid),
                    ],
                    Configs = [new ConfigMount(conf.Key, ConfigPath)],
                    Volumes = [new VolumeMount(Layout.RedisVolume, "/data")],
                    Healthcheck = new Healthcheck(["CMD-SHELL", $"REDISCLI_AUTH=\"$(cat {AppContract.Secrets.PathOf(AppContract.Secrets.RedisPassword)})\" redis-cli ping | grep -q PONG"], 5, 3, 5, 10),
                    Update = Postgres.StatefulUpdate,
                    // The limit leaves room above maxmemory for fragmentation and the AOF rewrite's fork.
                    Resources = new Resources(1, settings.Redis.MaxMemoryMb * 2 + 64, settings.Redis.MaxMemoryMb),
                    Placement = [Layout.Constraint("db")],
                    StopGraceSeconds = 30,
                    Stateful = true,
                },
            ],
        };
    }
}
