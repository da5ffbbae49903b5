using System.Net.Sockets;
using Infra.Blueprint.Data;
using Infra.Blueprint.Settings;
using Infra.TestKit;

namespace Infra.Data.Tests.Daemons;

/// <summary>A real redis-server (Debian's) on a free loopback port with the rendered <c>redis.conf</c>.</summary>
public sealed class RedisDaemon : IDisposable
{
    private readonly Daemon _daemon;

    private RedisDaemon(TempDirectory dir, int port, string password, Daemon daemon)
    {
        Dir = dir;
        Port = port;
        Password = password;
        _daemon = daemon;
    }

    /// <summary>The temp dir; <c>data/</c> is Redis's <c>dir</c>.</summary>
    public TempDirectory Dir { get; }

    /// <summary>TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The password Redis requires.</summary>
    public string Password { get; }

    /// <summary>File holding the password, as the Swarm secret would.</summary>
    public string PasswordFile => Dir.File("redis_password");

    /// <summary>Redis's data directory.</summary>
    public string DataDirectory => Dir.File("data");

    /// <summary>Starts Redis rendered from <paramref name="settings"/>.</summary>
    public static RedisDaemon Start(RedisSettings settings)
    {
        var server = Tools.Require("redis-server", "redis-server");
        var dir = new TempDirectory("redis");
        var port = Loopback.FreePort();
        var password = "redis-" + Guid.NewGuid().ToString("N")[..16];
        Directory.CreateDirectory(dir.File("data"));
        dir.Write("redis_password", password + "\n");
        var auth = dir.Write("redis_auth", $"requirepass {password}\n");
        var config = dir.Write("redis.conf", RedisConfig.Render(settings, auth, port, dir.File("data"), "127.0.0.1"));
        var daemon = Daemon.Start("redis-server", server, [config]);
        var redis = new RedisDaemon(dir, port, password, daemon);
        try
        {
            daemon.WaitUntil(() => redis.Cli(["PING"]).Stdout.Contains("PONG", StringComparison.Ordinal), "answering PING");
            return redis;
        }
        catch
        {
            redis.Dispose();
            throw;
        }
    }

    /// <summary>Runs redis-cli against it; authenticated unless <paramref name="authenticated"/> is false.</summary>
    public ProcessResult Cli(IEnumerable<string> arguments, bool authenticated = true, string? stdin = null)
    {
        var cli = Tools.Require("redis-cli", "redis-tools");
        var environment = authenticated ? new Dictionary<string, string> { ["REDISCLI_AUTH"] = Password } : null;
        return Tools.Run(cli, ["-h", "127.0.0.1", "-p", Port.ToString(), .. arguments], TimeSpan.FromMinutes(1), environment: environment);
    }

    /// <summary>Whether something accepts connections on the port.</summary>
    public bool Listening()
    {
        try
        {
            using var client = new TcpClient("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The server's output, for failure messages.</summary>
    public string Output => _daemon.Output;

    /// <inheritdoc />
    public void Dispose()
    {
        _daemon.Dispose();
        Dir.Dispose();
    }
}
