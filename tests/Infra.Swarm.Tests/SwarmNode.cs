using Infra.TestKit;

namespace Infra.Swarm.Tests;

/// <summary>
/// One Swarm node: a test server (systemd as PID 1, sshd; tests/images/node on test-host) with Debian's docker.io engine
/// and Debian's docker-registry on its 127.0.0.1:5000, run with <see cref="DebianImages.SystemdRunArguments"/>
/// (<c>--privileged</c> is refused here). Its engine's socket is mounted out to the tests; operators reach it over SSH
/// (<see cref="OperatorAccess"/>). Named <c>infra-swarm-…</c>; removed with its volumes.
/// </summary>
public sealed class SwarmNode : IAsyncDisposable
{
    private readonly TempDirectory run;

    private SwarmNode(string name, string hostname, TempDirectory run, string address)
    {
        Name = name;
        Hostname = hostname;
        this.run = run;
        Address = address;
        Api = new EngineApi(System.IO.Path.Combine(run.Path, "docker.sock"));
    }

    /// <summary>The container's name on the machine's engine.</summary>
    public string Name { get; }

    /// <summary>The node's hostname (the plan's host name).</summary>
    public string Hostname { get; }

    /// <summary>The node's own registry, as its engine reaches it (tests/images/node/registry.yml): where a test pushes the variants it builds.</summary>
    public const string Registry = "127.0.0.1:5000";

    /// <summary>The container's address on the machine's bridge: where published ports are reached.</summary>
    public string Address { get; }

    /// <summary>The node's Engine API.</summary>
    public EngineApi Api { get; }

    /// <summary>
    /// Starts a node from <paramref name="image"/> and waits for its engine. <paramref name="environment"/> goes to the
    /// node's registry (its <c>REGISTRY_*</c> settings), <paramref name="engineArguments"/> to its dockerd.
    /// </summary>
    public static async Task<SwarmNode> Start(
        string name, string hostname, string image, string? network = null,
        IReadOnlyDictionary<string, string>? environment = null, IEnumerable<string>? engineArguments = null)
    {
        var run = new TempDirectory("infra-swarm-node");
        Shell.Run("docker", ["rm", "-f", "-v", name], check: false);
        Shell.Run("docker",
        [
            "create", "--name", name, "--hostname", hostname, .. DebianImages.SystemdRunArguments,
            "--volume", $"{run.Path}:/run/infra-swarm", "--label", "infra-swarm=true",
            .. network is null ? Array.Empty<string>() : ["--network", network],
            image,
        ]);
        // systemd hands its units no container environment: the engine's arguments and the registry's REGISTRY_*
        // settings go in the files the units read (tests/images/node), written before the node boots.
        using (var settings = new TempDirectory("infra-swarm-node-env"))
        {
            File.WriteAllText(settings.File("engine.env"), $"ENGINE_ARGUMENTS={string.Join(' ', engineArguments ?? [])}\n");
            File.WriteAllText(settings.File("registry.env"), string.Concat((environment ?? new Dictionary<string, string>()).Select(e => $"{e.Key}={e.Value}\n")));
            Shell.Run("docker", ["cp", $"{settings.Path}/.", $"{name}:/etc/infra-swarm"]);
        }

        Shell.Run("docker", ["start", name]);
        var address = Shell.Run("docker", ["inspect", "--format", "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", name]).Stdout.Trim().Split(' ')[0];
        var node = new SwarmNode(name, hostname, run, address);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await node.Api.Ping())
        {
            if (DateTime.UtcNow > deadline)
            {
                var logs = Shell.Run("docker", ["logs", "--tail", "30", name], check: false).Output;
                await node.DisposeAsync();
                throw new InvalidOperationException($"node {name}: its engine did not answer within 90 s:\n{logs}");
            }

            await Task.Delay(500);
        }

        return node;
    }

    /// <summary>Runs a command in the node (as the leader's SSH session would).</summary>
    public ProcessResult Exec(IEnumerable<string> command, string? stdin = null, TimeSpan? timeout = null, bool check = true) =>
        Shell.Run("docker", ["exec", "-i", Name, .. command], stdin, timeout, check);

    /// <summary>Runs a command in a container of the node (a task's container).</summary>
    public ProcessResult ExecIn(string container, IEnumerable<string> command, string? user = null, TimeSpan? timeout = null, bool check = true, IReadOnlyDictionary<string, string>? environment = null) =>
        Exec(
            [
                "docker", "exec", .. user is null ? Array.Empty<string>() : ["--user", user],
                .. (environment ?? new Dictionary<string, string>()).SelectMany(e => new[] { "--env", $"{e.Key}={e.Value}" }),
                container, .. command,
            ],
            null, timeout, check);

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Shell.Run("docker", ["rm", "--force", "--volumes", Name], check: false, timeout: TimeSpan.FromMinutes(2));
        run.Dispose();
        await Task.CompletedTask;
    }
}
