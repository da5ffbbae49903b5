using System.Globalization;
using System.Text;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Data;

/// <summary>Renders <c>redis.conf</c>. The password is not in it: it is included from a Swarm secret.</summary>
public static class RedisConfig
{
    /// <summary>Port Redis listens on inside its container.</summary>
    public const int DefaultPort = 6379;

    /// <summary>Path of the included secret file carrying <c>requirepass</c>.</summary>
    public const string AuthInclude = "/run/secrets/redis_auth";

    /// <summary>Renders the file.</summary>
    public static string Render(RedisSettings redis, string authInclude = AuthInclude, int port = DefaultPort, string dataDirectory = "/data", string bind = "0.0.0.0")
    {
        var s = new StringBuilder();
        s.AppendLine("# Rendered by Infra from infra:redis.* settings. Do not edit on the server.");
        s.AppendLine(CultureInfo.InvariantCulture, $"bind {bind}");
        s.AppendLine(CultureInfo.InvariantCulture, $"port {port}");
        s.AppendLine("protected-mode yes");
        s.AppendLine(CultureInfo.InvariantCulture, $"include {authInclude}");
        s.AppendLine(CultureInfo.InvariantCulture, $"dir {dataDirectory}");
        s.AppendLine(CultureInfo.InvariantCulture, $"maxmemory {redis.MaxMemoryMb}mb");
        s.AppendLine("maxmemory-policy allkeys-lru");
        s.AppendLine("appendonly yes");
        s.AppendLine("appendfsync everysec");
        s.AppendLine("save 900 1 300 100 60 10000");
        s.AppendLine("tcp-keepalive 60");
        s.AppendLine("timeout 0");
        // Commands that wipe or reconfigure the server are not for the app.
        foreach (var command in new[] { "FLUSHALL", "FLUSHDB", "DEBUG", "CONFIG", "SHUTDOWN", "KEYS" })
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"rename-command {command} \"\"");
        }

        return s.ToString();
    }
}
