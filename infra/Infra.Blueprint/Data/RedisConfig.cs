using Infra.Blueprint.Settings;
using Infra.Contract;

namespace Infra.Blueprint.Data;

/// <summary>Renders <c>redis.conf</c>. The password is not in it: it is included from a Swarm secret.</summary>
public static class RedisConfig
{
    /// <summary>Port Redis listens on inside its container.</summary>
    public const int DefaultPort = 6379;

    /// <summary>Path of the included secret file carrying <c>requirepass</c>.</summary>
    public const string AuthInclude = AppContract.SecretsDirectory + "/" + Platform.Layout.RedisAuthSecret;

    // Commands that wipe or reconfigure the server are not for the app.
    private static readonly string[] RenamedAway = ["FLUSHALL", "FLUSHDB", "DEBUG", "CONFIG", "SHUTDOWN", "KEYS"];

    /// <summary>Renders the file.</summary>
    public static string Render(RedisSettings redis, string authInclude = AuthInclude, int port = DefaultPort, string dataDirectory = "/data", string bind = "0.0.0.0") => $"""
        # Rendered by Infra from infra:redis.* settings. Do not edit on the server.
        bind {bind}
        port {port}
        protected-mode yes
        include {authInclude}
        dir {dataDirectory}
        maxmemory {redis.MaxMemoryMb}mb
        maxmemory-policy allkeys-lru
        appendonly yes
        appendfsync everysec
        save 900 1 300 100 60 10000
        tcp-keepalive 60
        timeout 0
        {string.Concat(RenamedAway.Select(command => $"rename-command {command} \"\"\n"))}
        """;
}
