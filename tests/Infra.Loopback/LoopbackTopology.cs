using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Infra.Blueprint.Edge;
using Infra.Blueprint.Settings;
using Infra.Contract;
using Infra.TestKit;

namespace Infra.Loopback;

/// <summary>
/// The production request path on loopback: Postgres and Redis, a migrated database, N app replicas, and nginx with
/// <see cref="NginxConfig.Render"/>'s config for a stack file, its upstreams mapped to the replicas' ports and a
/// self-signed certificate in place of the origin certificate. Each replica sits behind a <see cref="VirtualIp"/>,
/// as behind its Swarm service's VIP: a rollout switches the VIP to the new task and never touches nginx.
/// </summary>
public sealed class LoopbackTopology : IAsyncDisposable
{
    private readonly LoopbackPlatform _platform;
    private readonly TempDirectory _directory;
    private readonly List<AppProcess> _replicas;
    private readonly List<AppProcess> _retired = [];
    private readonly List<VirtualIp> _vips;
    private readonly EdgeRuntime _runtime;
    private TopologyOptions _options;
    private Nginx? _nginx;

    private LoopbackTopology(LoopbackPlatform platform, TempDirectory directory, string database, List<AppProcess> replicas, TopologyOptions options)
    {
        _platform = platform;
        _directory = directory;
        Database = database;
        _replicas = replicas;
        _vips = replicas.Select(r => new VirtualIp(r.Port)).ToList();
        _options = options;
        _runtime = LoopbackEdge.Runtime(Settings(options), directory, _vips.Select(v => v.Port).ToList(), TestKit.Loopback.FreePort(), TestKit.Loopback.FreePort(), TestKit.Loopback.FreePort());
    }

    /// <summary>Postgres and Redis under the replicas (stop and start them to break readiness).</summary>
    public LoopbackPlatform Platform => _platform;

    /// <summary>The database every replica uses.</summary>
    public string Database { get; }

    /// <summary>The replicas in rotation, in upstream order (index 0 is <c>app-1</c>).</summary>
    public IReadOnlyList<AppProcess> Replicas => _replicas;

    /// <summary>The stable addresses nginx's upstream lists, one per replica (index 0 is <c>app-1</c>).</summary>
    public IReadOnlyList<VirtualIp> VirtualIps => _vips;

    /// <summary>nginx.</summary>
    public Nginx Nginx => _nginx ?? throw new InvalidOperationException("nginx has not started");

    /// <summary>The TLS listener.</summary>
    public Uri HttpsAddress => new($"https://127.0.0.1:{_runtime.HttpsPort}");

    /// <summary>The plain HTTP listener (redirects to HTTPS).</summary>
    public Uri HttpAddress => new($"http://127.0.0.1:{_runtime.HttpPort}");

    /// <summary>nginx's internal status listener.</summary>
    public Uri StatusAddress => new($"http://{_runtime.StatusListen}");

    /// <summary>The runtime nginx is rendered with (ports, paths, certificate).</summary>
    public EdgeRuntime Runtime => _runtime with { Upstreams = _vips.Select(v => $"127.0.0.1:{v.Port}").ToList(), TrustedProxies = _options.TrustedProxies };

    /// <summary>The settings nginx is rendered from now.</summary>
    public StackSettings CurrentSettings => Settings(_options);

    /// <summary>Starts everything; on failure stops what did start.</summary>
    public static async Task<LoopbackTopology> StartAsync(TopologyOptions options)
    {
        var platform = new LoopbackPlatform();
        var directory = new TempDirectory("loopback-edge");
        var replicas = new List<AppProcess>();
        LoopbackTopology? topology = null;
        try
        {
            await platform.InitializeAsync();
            var database = await platform.NewMigratedDatabaseAsync();
            replicas.AddRange(await Task.WhenAll(Enumerable.Range(1, options.Replicas).Select(i => platform.StartAppAsync(database, instance: Instance(i)))));
            topology = new LoopbackTopology(platform, directory, database, replicas, options);
            topology._nginx = await Nginx.StartAsync(directory, topology.Render(), topology._runtime.HttpsPort, topology._runtime.AccessLogPath);
            return topology;
        }
        catch
        {
            if (topology is not null)
            {
                await topology.DisposeAsync();
            }
            else
            {
                foreach (var replica in replicas)
                {
                    await replica.DisposeAsync();
                }

                await platform.DisposeAsync();
                directory.Dispose();
            }

            throw;
        }
    }

    /// <summary>The nginx config for the current replicas and options.</summary>
    public string Render() => NginxConfig.Render(CurrentSettings, Runtime);

    /// <summary>
    /// Replaces replica <paramref name="replica"/> (1-based) as a start-first rolling update does: start a new process on
    /// a new port, wait until it is ready, switch the replica's VIP to it, then SIGTERM the old one, which drains
    /// (readiness 503 while it still serves) and exits. Returns without waiting for the drain; see
    /// <see cref="RolledReplica.OldExit"/>. A replica that already died is replaced the same way.
    /// </summary>
    public async Task<RolledReplica> RollReplicaAsync(int replica) => SwitchReplica(replica, await StartReplacementAsync(replica));

    /// <summary>
    /// The first half of <see cref="RollReplicaAsync"/>: starts replica <paramref name="replica"/>'s replacement and waits
    /// until it is ready, out of rotation (Swarm's new task before it joins the VIP). <see cref="SwitchReplica"/> does the rest.
    /// </summary>
    public Task<AppProcess> StartReplacementAsync(int replica) => _platform.StartAppAsync(Database, instance: Instance(replica));

    /// <summary>The second half of <see cref="RollReplicaAsync"/>: the VIP moves to <paramref name="fresh"/>, the old process gets SIGTERM.</summary>
    public RolledReplica SwitchReplica(int replica, AppProcess fresh)
    {
        var old = _replicas[replica - 1];
        _replicas[replica - 1] = fresh;
        _retired.Add(old);
        _vips[replica - 1].Switch(fresh.Port);
        if (!old.Process.HasExited)
        {
            old.Process.Signal(Signals.SigTerm);
        }

        return new RolledReplica(replica, old.Port, fresh.Port, old.Process.WaitForExitAsync(TimeSpan.FromSeconds(AppContract.DefaultDrainSeconds + AppContract.StopGraceSeconds)));
    }

    /// <summary>SIGKILLs replica <paramref name="replica"/> (1-based): no drain, in-flight requests cut. nginx still lists it.</summary>
    public async Task<int> KillReplicaAsync(int replica)
    {
        var process = _replicas[replica - 1].Process;
        process.Signal(Signals.SigKill);
        return await process.WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Re-renders the config and reloads nginx (<c>nginx -s reload</c>).</summary>
    public Task ReloadNginxAsync() => Nginx.ReloadAsync(Render());

    /// <summary>Renders nginx with other settings or trusted proxies, and reloads it.</summary>
    public Task ReconfigureEdgeAsync(TopologyOptions options)
    {
        _options = options with { Replicas = _options.Replicas, Stack = _options.Stack };
        return ReloadNginxAsync();
    }

    /// <summary>An HTTPS client to nginx that accepts the self-signed certificate, connecting from <paramref name="source"/> (default 127.0.0.1).</summary>
    public HttpClient CreateClient(IPAddress? source = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source ?? IPAddress.Loopback, 0));
                    await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = HttpsAddress, Timeout = TimeSpan.FromSeconds(15) };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }

        foreach (var vip in _vips)
        {
            await vip.DisposeAsync();
        }

        foreach (var app in _replicas.Concat(_retired))
        {
            await app.DisposeAsync();
        }

        await _platform.DisposeAsync();
        _directory.Dispose();
    }

    private static string Instance(int replica) => $"app-{replica.ToString(CultureInfo.InvariantCulture)}";

    private static StackSettings Settings(TopologyOptions options)
    {
        var config = Repository.Stack(options.Stack).With("app.replicas", options.Replicas.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in options.Settings)
        {
            config = config.With(key, value);
        }

        return config.ToSettings(checkSecrets: false);
    }
}
