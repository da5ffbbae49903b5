using System.Diagnostics;
using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Infra.TestKit;
using Xunit.Abstractions;

namespace Infra.Hosts.Tests.Fixtures;

/// <summary>
/// The tier's one expensive run, shared by every test: four fresh test servers, provisioned with the commands of
/// plan A (node-1, node-2, node-3: three managers) and formed into its Swarm, then moved to plan B (node-3 removed,
/// node-4 added). What each step said is kept for the tests; the live hosts stay up until the last test ran.
/// </summary>
public sealed class HostsScenario(IMessageSink diagnostics) : IAsyncLifetime
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TestHosts? _hosts;
    private TempDirectory? _dir;

    /// <summary>Timings of the steps, printed by the tier.</summary>
    public List<string> Timings { get; } = [];

    /// <summary>The servers by planned name.</summary>
    public Dictionary<string, TestHost> Hosts { get; } = [];

    /// <summary>The stranger's container on the outside network.</summary>
    public string OutsideClient { get; private set; } = "";

    /// <summary>The provisioner's address on the admin network.</summary>
    public string AdminGateway => _hosts!.AdminGateway;

    /// <summary>Before node-1's bootstrap: whether the outside client got an SSH banner from it (the path works).</summary>
    public string OutsideBannerBeforeBootstrap { get; private set; } = "";

    /// <summary>Plan A: node-1 (manager, edge, db, monitoring), node-2 and node-3 (managers, workers).</summary>
    public Provisioner PlanA { get; private set; } = null!;

    /// <summary>Plan B: node-3 removed, node-4 (manager, worker) added.</summary>
    public Provisioner PlanB { get; private set; } = null!;

    /// <summary>What every command said, by "plan/command" (e.g. "A/node-1-bootstrap", "A2/node-1-bootstrap" for the second run).</summary>
    public Dictionary<string, ProcessResult> Results { get; } = [];

    /// <summary>node-1's managed files, ruleset and service start times before and after its second bootstrap.</summary>
    public (string Before, string After) SecondRunState { get; private set; }

    /// <summary><c>docker node ls</c> on the leader once plan A's Swarm formed.</summary>
    public IReadOnlyList<SwarmNode> PlanANodes { get; private set; } = [];

    /// <summary>The key the deploy user logs in with.</summary>
    public string PrivateKey => _dir!.File("deploy_key");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var (available, reason) = DebianImages.Docker();
        if (!available)
        {
            throw new InvalidOperationException($"the hosts tier needs a Docker engine: {reason}; start dockerd (test.sh and .ci/run do)");
        }

        try
        {
            await Task.Run(Scenario);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        var cleanup = Stopwatch.StartNew();
        _hosts?.Dispose();
        _hosts = null;
        _dir?.Dispose();
        _dir = null;
        Timings.Add($"cleanup of every container and network: {cleanup.Elapsed.TotalSeconds:F0} s");
        diagnostics.OnMessage(new Xunit.Sdk.DiagnosticMessage($"hosts tier timings: {string.Join("; ", Timings)}; total {_clock.Elapsed.TotalSeconds:F0} s"));
        return Task.CompletedTask;
    }

    /// <summary>Runs a bash script as root inside a host (the provider's console).</summary>
    public ProcessResult Console(string host, string script) => TestHosts.Exec(Hosts[host].Container, script);

    /// <summary>The nodes as the leader of plan B sees them now.</summary>
    public IReadOnlyList<SwarmNode> Nodes(Provisioner plan) =>
        SwarmNode.Parse(Check(plan.Ssh(plan.Command("swarm-members").Login!, SwarmNode.ListCommand), "docker node ls").Stdout);

    private void Scenario()
    {
        var image = Step("test-host image (built once, then reused)", () => DebianImages.Build("test-host"));
        _hosts = new TestHosts(image);
        _dir = new TempDirectory("hosts-tier");
        Check(Tools.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "infra-deploy", "-f", PrivateKey]), "ssh-keygen");
        var publicKey = File.ReadAllText(PrivateKey + ".pub").Trim();

        Step("four fresh servers and a stranger", () =>
        {
            foreach (var name in new[] { "node-1", "node-2", "node-3", "node-4" })
            {
                Hosts[name] = _hosts.Start(name);
            }

            OutsideClient = _hosts.StartOutsideClient();
            foreach (var host in Hosts.Values)
            {
                // What the provider hands over: root with the operator's key.
                Check(TestHosts.Exec(host.Container, $"install -d -m 700 /root/.ssh && printf '%s\\n' '{publicKey}' >/root/.ssh/authorized_keys"), "root's key");
            }

            return 0;
        });

        var knownHosts = _dir.File("known_hosts");
        PlanA = new Provisioner(Planner.Build(StackConfigs.Of([
            Entry("node-1", "manager,edge,db,monitoring"), Entry("node-2", "manager,worker"), Entry("node-3", "manager,worker")], AdminGateway, knownHosts)), PrivateKey, publicKey);
        PlanB = new Provisioner(Planner.Build(StackConfigs.Of([
            Entry("node-1", "manager,edge,db,monitoring"), Entry("node-2", "manager,worker"), Entry("node-4", "manager,worker")], AdminGateway, knownHosts)), PrivateKey, publicKey);

        // The path works before the firewall exists: the stranger gets sshd's banner (once sshd is up).
        OutsideBannerBeforeBootstrap = Step("outside client reaches sshd before the bootstrap", () =>
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            string banner;
            while (!(banner = SshBanner(OutsideClient, Hosts["node-1"].OutsideAddress).Stdout).StartsWith("SSH-2.0", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(1000);
            }

            return banner;
        });

        // node-4's provisioning does not depend on the Swarm: it runs with plan A's, as four servers would.
        Step("first bootstrap of four servers, in parallel", () =>
        {
            var runs = new[] { ("A", PlanA, "node-1"), ("A", PlanA, "node-2"), ("A", PlanA, "node-3"), ("B", PlanB, "node-4") }
                .Select(r => Task.Run(() => Provision(r.Item1, r.Item2, r.Item3))).ToArray();
            Task.WaitAll(runs);
            return 0;
        });

        Step("second bootstrap of node-1", () =>
        {
            var before = State("node-1");
            Results["A2/node-1-bootstrap"] = Check(PlanA.Run("node-1-bootstrap"), "second bootstrap of node-1");
            SecondRunState = (before, State("node-1"));
            return 0;
        });

        Step("plan A's Swarm: init, joins, members", () => FormSwarm("A", PlanA));
        PlanANodes = Nodes(PlanA);
        Step("plan A's Swarm again (no-op)", () => FormSwarm("A2", PlanA));

        Step("plan B: re-bootstrap, join node-4, members, node-3 leaves", () =>
        {
            // Their scripts changed (node-4 is a peer now, node-3 no longer): the provisioner runs them again.
            var reruns = new[] { "node-1", "node-2" }.AsParallel()
                .Select(host => (host, Result: Check(PlanB.Run($"{host}-bootstrap"), $"plan B bootstrap of {host}"))).ToList();
            foreach (var (host, result) in reruns)
            {
                Results[$"B/{host}-bootstrap"] = result;
            }

            FormSwarm("B", PlanB);
            Results["B/swarm-join-node-3 (delete)"] = Check(PlanA.Delete("swarm-join-node-3"), "node-3 leaving");
            return 0;
        });
    }

    private void Provision(string label, Provisioner plan, string host)
    {
        foreach (var name in new[] { HostCommands.HostKeyOf(plan.Plan.Hosts.Single(h => h.Name == host)), $"{host}-access", $"{host}-bootstrap" })
        {
            lock (Results)
            {
                Results[$"{label}/{name}"] = null!;
            }

            var result = Check(plan.Run(name), $"{name} (plan {label})");
            lock (Results)
            {
                Results[$"{label}/{name}"] = result;
            }
        }
    }

    private int FormSwarm(string label, Provisioner plan)
    {
        var init = Check(plan.Run("swarm-init"), $"swarm-init (plan {label})");
        Results[$"{label}/swarm-init"] = init;
        var tokens = SwarmScripts.ParseJoinTokens(init.Stdout);
        var joins = HostCommands.Of(plan.Plan).Where(c => c.Name.StartsWith("swarm-join-", StringComparison.Ordinal)).ToList();
        var results = joins.AsParallel().Select(j => (j.Name, Result: Check(plan.Run(j.Name, tokens), $"{j.Name} (plan {label})"))).ToList();
        foreach (var (name, result) in results)
        {
            Results[$"{label}/{name}"] = result;
        }

        Results[$"{label}/swarm-members"] = Check(plan.Run("swarm-members"), $"swarm-members (plan {label})");
        return 0;
    }

    // What a second run must leave as it found: the files the bootstrap manages, the live ruleset, and when each
    // service it touches last started.
    private string State(string host) => Check(Console(host, """
        set -euo pipefail
        sha256sum /etc/docker/daemon.json /etc/sysctl.d/60-infra.conf /etc/apt/apt.conf.d/20auto-upgrades \
          /etc/ssh/sshd_config.d/10-infra.conf /etc/infra/ufw.rules /etc/fail2ban/jail.d/infra.local \
          /usr/local/sbin/infra-docker-user /etc/systemd/system/infra-docker-user.service /etc/ufw/user.rules \
          /etc/sudoers.d/90-infra-deploy /home/deploy/.ssh/authorized_keys
        iptables-save | grep -v '^[#:]' | sed 's/\[[0-9]*:[0-9]*\]//'
        for unit in ssh docker containerd fail2ban unattended-upgrades infra-docker-user; do
          echo "$unit $(systemctl show -p ActiveEnterTimestampMonotonic --value "$unit")"
        done
        """), $"state of {host}").Stdout;

    /// <summary>What an SSH client on <paramref name="container"/> receives within 5 s from <paramref name="address"/>:22 (the banner, or nothing).</summary>
    public static ProcessResult SshBanner(string container, string address, int port = 22) =>
        TestHosts.Exec(container, $"timeout 5 bash -c 'exec 3<>/dev/tcp/{address}/{port}; head -c 8 <&3' 2>&1 || true");

    private string Entry(string name, string roles) => $"{name} {Hosts[name].Address} roles={roles} memoryMb=1024 cpus=1";

    private T Step<T>(string what, Func<T> step)
    {
        var started = _clock.Elapsed;
        var result = step();
        Timings.Add($"{what}: {(_clock.Elapsed - started).TotalSeconds:F0} s");
        return result;
    }

    internal static ProcessResult Check(ProcessResult result, string what) =>
        result.ExitCode == 0 ? result : throw new InvalidOperationException($"{what} failed with exit code {result.ExitCode}:\n{result.Output}");
}

/// <summary>The scenario, shared by every test class of the tier.</summary>
[CollectionDefinition(Name)]
public sealed class HostsCollection : ICollectionFixture<HostsScenario>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "hosts";
}
