using System.Text;
using Infra.Blueprint.Settings;
using Infra.Data.Tests.Daemons;
using Infra.TestKit;

namespace Infra.Data.Tests.Data;

public sealed class RedisConfigDaemonTests
{
    private static readonly StackSettings Staging = Repository.Stack("staging").ToSettings(checkSecrets: false);

    [Fact]
    public void RedisRefusesUnauthenticatedClients()
    {
        using var redis = RedisDaemon.Start(Staging.Redis);

        var anonymous = redis.Cli(["PING"], authenticated: false);
        var authenticated = redis.Cli(["PING"]);

        Assert.Contains("NOAUTH", anonymous.Output);
        Assert.Equal("PONG", authenticated.Stdout.Trim());
    }

    [Theory]
    [InlineData("FLUSHALL")]
    [InlineData("FLUSHDB")]
    [InlineData("CONFIG")]
    [InlineData("KEYS")]
    [InlineData("DEBUG")]
    public void DangerousCommandsDoNotExist(string command)
    {
        using var redis = RedisDaemon.Start(Staging.Redis);

        var result = redis.Cli([command, "*"]);

        Assert.Contains("unknown command", result.Output);
    }

    [Fact]
    public void RedisPersistsWithAnAppendOnlyFileSyncedEverySecond()
    {
        using var redis = RedisDaemon.Start(Staging.Redis);

        var info = redis.Cli(["INFO", "persistence"]).Stdout;

        Assert.Contains("aof_enabled:1", info);
        Assert.True(File.Exists(redis.Dir.File("redis.conf")) && File.ReadAllText(redis.Dir.File("redis.conf")).Contains("appendfsync everysec"));
    }

    [Fact]
    public void RedisEvictsLeastRecentlyUsedKeysAtMaxMemoryAndKeepsAcceptingWrites()
    {
        using var redis = RedisDaemon.Start(new RedisSettings(MaxMemoryMb: 16));

        // 48 MiB of 16 KiB values, three times the limit, through one pipe.
        var value = new string('x', 16 * 1024);
        var commands = new StringBuilder();
        for (var i = 0; i < 3072; i++)
        {
            commands.Append(System.Globalization.CultureInfo.InvariantCulture, $"*3\r\n$3\r\nSET\r\n${$"key:{i}".Length}\r\nkey:{i}\r\n${value.Length}\r\n{value}\r\n");
        }

        var pipe = redis.Dir.Write("commands.resp", commands.ToString());
        var loaded = Tools.Run("bash", ["-c", $"redis-cli -h 127.0.0.1 -p {redis.Port} --pipe < {pipe}"], TimeSpan.FromMinutes(1),
            environment: new Dictionary<string, string> { ["REDISCLI_AUTH"] = redis.Password });
        var stats = redis.Cli(["INFO", "stats"]).Stdout;
        var memory = redis.Cli(["INFO", "memory"]).Stdout;
        var last = redis.Cli(["GET", "key:3071"]).Stdout.Trim();

        Assert.True(loaded.ExitCode == 0, loaded.Output);
        Assert.Contains("errors: 0", loaded.Output);
        Assert.Matches(@"evicted_keys:[1-9]\d*", stats);
        Assert.Contains("maxmemory_policy:allkeys-lru", memory);
        Assert.Contains($"maxmemory:{16 * 1024 * 1024}", memory);
        Assert.Equal(value, last);
    }
}
