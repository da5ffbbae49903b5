using System.Globalization;

namespace Infra.TestKit;

/// <summary>A throwaway redis-server on a free loopback port, with a password and no persistence.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Password = "redis-secret";
    private const string Binary = "/usr/bin/redis-server";
    private readonly string _root;
    private ChildProcess? _process;

    private RedisServer(string root, int port)
    {
        _root = root;
        Port = port;
    }

    public int Port { get; }

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<RedisServer> StartAsync()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} not found. Install it: apt-get install -y redis-server");
        }

        var server = new RedisServer(Directory.CreateTempSubdirectory("infra-app-redis-").FullName, Loopback.FreePort());
        await server.StartProcessAsync();
        return server;
    }

    public async Task StartProcessAsync()
    {
        _process = ChildProcess.Start(Binary, [
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--requirepass", Password, "--dir", _root, "--daemonize", "no", "--loglevel", "warning"]);
        await _process.WaitForPortAsync(Port, TimeSpan.FromSeconds(15));
    }

    /// <summary>SIGKILL: Redis vanishes mid-conversation, the worst case for its clients.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        _process.Signal(Signals.SigKill);
        await _process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await _process.DisposeAsync();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }
}
