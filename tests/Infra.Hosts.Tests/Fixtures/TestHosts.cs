using System.Diagnostics;
using Infra.TestKit;

namespace Infra.Hosts.Tests.Fixtures;

/// <summary>One test server: a systemd + sshd container on the admin network and on the outside network.</summary>
/// <param name="Name">Its planned name, also its host name.</param>
/// <param name="Container">The container's name.</param>
/// <param name="Address">Its address on the admin network: the one the plan names.</param>
/// <param name="OutsideAddress">Its address on the outside network.</param>
public sealed record TestHost(string Name, string Container, string Address, string OutsideAddress);

/// <summary>
/// The containers and networks of one run, all labelled with this process, removed on dispose (and, from a run
/// that died before its cleanup, by the next run). Nothing outside them is touched.
/// </summary>
public sealed class TestHosts : IDisposable
{
    private const string OwnerLabel = "infra-test.owner=hosts";
    private readonly string _run = $"infra-hosts-{Environment.ProcessId}";
    private readonly List<string> _containers = [];
    private readonly List<string> _networks = [];

    /// <summary>Creates the admin and the outside network.</summary>
    public TestHosts(string image)
    {
        Image = image;
        RemoveLeftovers();
        AdminNetwork = Network("admin");
        OutsideNetwork = Network("outside");
        AdminGateway = Docker("network", "inspect", AdminNetwork, "--format", "{{(index .IPAM.Config 0).Gateway}}").Trim();
    }

    /// <summary>The test-host image.</summary>
    public string Image { get; }

    /// <summary>The network the provisioner (this process, at <see cref="AdminGateway"/>) reaches the hosts on.</summary>
    public string AdminNetwork { get; }

    /// <summary>A second network: a source there is outside every admin range.</summary>
    public string OutsideNetwork { get; }

    /// <summary>This process's address as the hosts see it on the admin network.</summary>
    public string AdminGateway { get; }

    /// <summary>Starts a fresh server named <paramref name="name"/>.</summary>
    public TestHost Start(string name)
    {
        var container = $"{_run}-{name.Replace("node-", "n", StringComparison.Ordinal)}";
        Docker(["run", "-d", "--name", container, "--hostname", name, "--label", OwnerLabel, "--label", $"infra-test.pid={Environment.ProcessId}",
            "--network", AdminNetwork, .. DebianImages.SystemdRunArguments, Image]);
        _containers.Add(container);
        Docker("network", "connect", OutsideNetwork, container);
        return new TestHost(name, container, AddressOn(container, AdminNetwork), AddressOn(container, OutsideNetwork));
    }

    /// <summary>Starts a plain client on the outside network only (no systemd): the stranger who tries to get in.</summary>
    public string StartOutsideClient()
    {
        var container = $"{_run}-outside-client";
        Docker("run", "-d", "--name", container, "--label", OwnerLabel, "--label", $"infra-test.pid={Environment.ProcessId}",
            "--network", OutsideNetwork, "--entrypoint", "sleep", Image, "infinity");
        _containers.Add(container);
        return container;
    }

    /// <summary>Runs a bash script inside <paramref name="container"/> as root (what a provider's console or cloud-init does).</summary>
    public static ProcessResult Exec(string container, string script, TimeSpan? timeout = null) =>
        Run(["exec", "-i", container, "bash", "-s"], script, timeout ?? TimeSpan.FromMinutes(1));

    /// <inheritdoc />
    public void Dispose()
    {
        if (_containers.Count > 0)
        {
            Tools.Run("docker", ["rm", "-f", "-v", .. _containers], TimeSpan.FromMinutes(3));
        }

        foreach (var network in _networks)
        {
            Tools.Run("docker", ["network", "rm", network], TimeSpan.FromMinutes(1));
        }
    }

    private string Network(string purpose)
    {
        var name = $"{_run}-{purpose}";
        Docker("network", "create", "--label", OwnerLabel, "--label", $"infra-test.pid={Environment.ProcessId}", name);
        _networks.Add(name);
        return name;
    }

    private static string AddressOn(string container, string network) =>
        Docker("inspect", container, "--format", $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}").Trim();

    // Containers and networks of an earlier run of this tier whose process is gone.
    private static void RemoveLeftovers()
    {
        foreach (var kind in new[] { "container", "network" })
        {
            var listed = Tools.Run("docker", [kind, "ls", .. kind == "container" ? new[] { "-a" } : [], "--filter", $"label={OwnerLabel}",
                "--format", "{{.ID}} {{.Label \"infra-test.pid\"}}"], TimeSpan.FromSeconds(30)).Stdout;
            foreach (var line in listed.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split(' ');
                if (parts.Length == 2 && int.TryParse(parts[1], out var pid) && !Alive(pid))
                {
                    Tools.Run("docker", kind == "container" ? ["rm", "-f", "-v", parts[0]] : ["network", "rm", parts[0]], TimeSpan.FromMinutes(1));
                }
            }
        }
    }

    private static bool Alive(int pid)
    {
        try
        {
            return !Process.GetProcessById(pid).HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string Docker(params string[] arguments) => Run(arguments, null, TimeSpan.FromMinutes(2)).Stdout;

    private static ProcessResult Run(string[] arguments, string? stdin, TimeSpan timeout)
    {
        var result = stdin is null ? Tools.Run("docker", arguments, timeout) : Processes.Run("docker", arguments, stdin, timeout);
        return result.ExitCode == 0 || arguments[0] == "exec"
            ? result
            : throw new InvalidOperationException($"docker {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Output}");
    }
}
