using Infra.Blueprint.Edge;
using Infra.TestKit;

namespace Infra.Loopback;

/// <summary>
/// One more edge host on loopback: its own nginx with the topology's rendered config (same settings, same VIP stand-ins as
/// upstreams) on its own ports, standing in for a second edge host of a multi-host stack. <see cref="ReplaceAsync"/> does
/// what Swarm does to the host's task in a stop-first update: the stop signal, then a new nginx on the same ports.
/// </summary>
public sealed class EdgeHost : IAsyncDisposable
{
    private readonly LoopbackTopology _topology;
    private readonly TempDirectory _directory;
    private readonly EdgeRuntime _runtime;
    private readonly List<Nginx> _retired = [];

    private EdgeHost(string name, LoopbackTopology topology, TempDirectory directory, EdgeRuntime runtime, Nginx nginx)
    {
        Name = name;
        _topology = topology;
        _directory = directory;
        _runtime = runtime;
        Nginx = nginx;
    }

    /// <summary>The host's name (the plan's edge host it stands for).</summary>
    public string Name { get; }

    /// <summary>The TLS port: this host's "A record" in a <see cref="Rotation"/>.</summary>
    public int HttpsPort => _runtime.HttpsPort;

    /// <summary>The running nginx (a new one after each <see cref="ReplaceAsync"/>).</summary>
    public Nginx Nginx { get; private set; }

    /// <summary>Starts an nginx with the topology's current config on fresh ports.</summary>
    public static async Task<EdgeHost> StartAsync(LoopbackTopology topology, string name)
    {
        var directory = new TempDirectory($"edge-host-{name}");
        try
        {
            var runtime = LoopbackEdge.Runtime(topology.CurrentSettings, directory, [.. topology.VirtualIps.Select(v => v.Port)], TestKit.Loopback.FreePort(), TestKit.Loopback.FreePort(), TestKit.Loopback.FreePort())
                with { TrustedProxies = topology.Runtime.TrustedProxies };
            var nginx = await StartNginxAsync(topology, directory, runtime, generation: 0);
            return new EdgeHost(name, topology, directory, runtime, nginx);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="stopSignal"/> to nginx, waits until it exits (at most <paramref name="grace"/>, Swarm's stop grace), then
    /// starts the new one (<see cref="StartNewAsync"/>): a stop-first update of the host's task. Returns the old nginx's exit code.
    /// </summary>
    public async Task<int> ReplaceAsync(int stopSignal, TimeSpan grace)
    {
        var exit = await StopAsync(stopSignal, grace);
        await StartNewAsync();
        return exit;
    }

    /// <summary>Sends <paramref name="stopSignal"/> to nginx and waits until it exits (at most <paramref name="grace"/>); returns its exit code.</summary>
    public async Task<int> StopAsync(int stopSignal, TimeSpan grace)
    {
        var old = Nginx;
        old.Process.Signal(stopSignal);
        var exit = await old.Process.WaitForExitAsync(grace);
        _retired.Add(old);
        return exit;
    }

    /// <summary>
    /// Starts a new nginx on the same ports with the topology's current config and waits until its status listener answers
    /// <c>/healthz</c> (the service's healthcheck, which gates Swarm's update).
    /// </summary>
    public async Task StartNewAsync()
    {
        Nginx = await StartNginxAsync(_topology, _directory, _runtime, _retired.Count);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(new Uri($"http://{_runtime.StatusListen}/healthz"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"edge host {Name}: the new nginx's /healthz did not answer within 10 s:\n{Nginx.ErrorLog()}");
            }

            await Task.Delay(50);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Nginx.DisposeAsync();
        foreach (var nginx in _retired)
        {
            await nginx.DisposeAsync();
        }

        _directory.Dispose();
    }

    // Each generation logs to its own file, so a test can tell what the new nginx served.
    private static Task<Nginx> StartNginxAsync(LoopbackTopology topology, TempDirectory directory, EdgeRuntime runtime, int generation)
    {
        var generationRuntime = runtime with { AccessLogPath = directory.File($"access-{generation}.log") };
        return Nginx.StartAsync(directory, NginxConfig.Render(topology.CurrentSettings, generationRuntime), runtime.HttpsPort, generationRuntime.AccessLogPath);
    }
}
