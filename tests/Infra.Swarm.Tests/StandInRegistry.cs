using System.Globalization;
using Infra.TestKit;

namespace Infra.Swarm.Tests;

/// <summary>
/// The stand-ins pushed once per test run into one registry that every fixture's nodes pull from, by digest: Debian's
/// docker-registry (the node image's) in the container <c>infra-swarm-registry</c> on the machine's engine, published on
/// 127.0.0.1 for the push and attached to each node network for the pulls (the nodes' engines trust it as an insecure
/// registry, as they trust their own 127.0.0.1). The staging and the prod collection share it, so the images are built
/// (checked) and pushed once. Removed when the test process exits; one an interrupted run left is replaced at start.
/// </summary>
public sealed class StandInRegistry
{
    private const string Name = "infra-swarm-registry";
    private const int Port = 5000;
    private static readonly Lazy<StandInRegistry> Instance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly IReadOnlyDictionary<string, string> digests;

    private StandInRegistry(IReadOnlyDictionary<string, string> built, IReadOnlyDictionary<string, string> digests, TimeSpan took)
    {
        Built = built;
        this.digests = digests;
        Took = took;
    }

    /// <summary>The registry of this test process, started (and the stand-ins built and pushed) on first use.</summary>
    public static StandInRegistry Shared => Instance.Value;

    /// <summary>The stand-in images as built on the machine's engine, by stand-in name.</summary>
    public IReadOnlyDictionary<string, string> Built { get; }

    /// <summary>How long building (or finding) and pushing the stand-ins took, once for the whole run.</summary>
    public TimeSpan Took { get; }

    /// <summary>Pinned image → the stand-in's reference by digest, at the registry's <paramref name="address"/>.</summary>
    public IReadOnlyDictionary<string, string> Images(IReadOnlyDictionary<string, string> standIns, string address) =>
        standIns.ToDictionary(s => s.Key, s => digests.TryGetValue(s.Value, out var digest)
            ? $"{address}:{Port}/{s.Value}@{digest}"
            : throw new InvalidOperationException($"stand-in {s.Value} was not pushed to {Name} (pushed: {string.Join(", ", digests.Keys)})"));

    /// <summary>The registry's address on the machine's default bridge, where a node without a network of its own is.</summary>
    public static string BridgeAddress() =>
        Shell.Run("docker", ["inspect", "--format", "{{.NetworkSettings.Networks.bridge.IPAddress}}", Name]).Stdout.Trim();

    /// <summary>Attaches the registry to <paramref name="network"/> and returns its address there.</summary>
    public static string Attach(string network)
    {
        Shell.Run("docker", ["network", "connect", network, Name]);
        return Shell.Run("docker", ["inspect", "--format", $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}", Name]).Stdout.Trim();
    }

    /// <summary>Detaches the registry from <paramref name="network"/>, so that the network can be removed.</summary>
    public static void Detach(string network) => Shell.Run("docker", ["network", "disconnect", "--force", network, Name], check: false);

    /// <summary>Where a node's engine must trust plain HTTP: the registry's address and port.</summary>
    public static string InsecureRegistry(string address) => $"{address}:{Port}";

    private static StandInRegistry Start()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var built = StandIns.Build();
        Shell.Run("docker", ["rm", "--force", "--volumes", Name], check: false);
        Shell.Run("docker",
        [
            "run", "--detach", "--name", Name, "--label", "infra-swarm=true", "--publish", $"127.0.0.1::{Port}",
            "--env", $"REGISTRY_HTTP_ADDR=0.0.0.0:{Port}", "--entrypoint", "docker-registry",
            built["node"], "serve", "/etc/docker/registry/config.yml",
        ]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Shell.Run("docker", ["rm", "--force", "--volumes", Name], check: false, timeout: TimeSpan.FromMinutes(1));
        try
        {
            // docker-proxy accepts on the published port at once; the registry itself answers once it listens.
            Shell.Run("docker", ["exec", Name, "bash", "-c", $"for _ in $(seq 300); do (echo > /dev/tcp/127.0.0.1/{Port}) 2>/dev/null && exit 0; sleep 0.1; done; exit 1"]);
            var published = Shell.Run("docker", ["port", Name, $"{Port}/tcp"]).Stdout.Split('\n')[0].Trim();
            var local = "127.0.0.1:" + published[(published.LastIndexOf(':') + 1)..];
            // Every stand-in the fixtures map a pinned image to (the names are the same for every stack).
            var names = StandIns.For(Repository.Stack(SwarmFixture.Stack).ToSettings(checkSecrets: false)).Values
                .Concat(StandIns.For(Repository.Stack(ProdSwarmFixture.Stack).ToSettings(checkSecrets: false)).Values)
                .Where(built.ContainsKey).Distinct().Order(StringComparer.Ordinal).ToList();
            const string digest = "{{index .RepoDigests 0}}";
            // The machine's engine pushes to 127.0.0.0/8 over plain HTTP; the local tags go again after the push.
            var script = $"""
                set -euo pipefail
                {string.Join('\n', names.Select(n => $"""
                    docker tag {built[n]} {local}/{n}:standin
                    docker push -q {local}/{n}:standin >/dev/null
                    echo "{n} $(docker image inspect --format '{digest}' {local}/{n}:standin)"
                    docker image rm {local}/{n}:standin >/dev/null
                    """))}
                """;
            var pushed = Shell.Run("bash", ["-s"], script, TimeSpan.FromMinutes(15)).Stdout
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' '))
                .ToDictionary(p => p[0], p => p[1][(p[1].IndexOf('@', StringComparison.Ordinal) + 1)..]);
            return new StandInRegistry(built, pushed, clock.Elapsed);
        }
        catch
        {
            Shell.Run("docker", ["rm", "--force", "--volumes", Name], check: false);
            throw;
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name}: {digests.Count} stand-ins in {Took.TotalSeconds:F0} s");
}
