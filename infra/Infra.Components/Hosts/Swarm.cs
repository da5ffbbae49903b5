using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Pulumi;
using Pulumi.Command.Remote;
using Docker = Pulumi.Docker;

namespace Infra.Components.Hosts;

/// <summary>
/// The Docker Swarm over the bootstrapped hosts: initialised on the leader, joined by the others (managers
/// with the manager token, the rest as workers), node labels set once every node is in. Provides the Docker
/// providers the platform's resources are declared through.
/// </summary>
public sealed class Swarm : ComponentResource
{
    // Options of the system ssh client the Docker provider runs: fail instead of prompting. The key itself
    // comes from the user's ssh-agent (the provider cannot take key material for ssh:// hosts).
    private static readonly string[] DockerSshOptions = ["-o", "BatchMode=yes", "-o", "ServerAliveInterval=15"];

    /// <summary>Docker API of the leader: Swarm-wide objects (services, networks, secrets, configs).</summary>
    public Docker.Provider Provider { get; }

    /// <summary>Docker API of each node by host name: node-local objects (volumes).</summary>
    public IReadOnlyDictionary<string, Docker.Provider> NodeProviders { get; }

    /// <summary>The last step of forming the Swarm; resources on the Swarm depend on it.</summary>
    public Command Labels { get; }

    /// <summary>The leader's Docker endpoint, <c>ssh://user@address</c>.</summary>
    [Output]
    public Output<string> LeaderDockerHost { get; private set; }

    /// <summary>Token workers join with (secret).</summary>
    [Output]
    public Output<string> WorkerToken { get; private set; }

    /// <summary>Token managers join with (secret).</summary>
    [Output]
    public Output<string> ManagerToken { get; private set; }

    /// <summary>Forms the Swarm over <see cref="SwarmArgs.Hosts"/>.</summary>
    public Swarm(string name, SwarmArgs args, ComponentResourceOptions? options = null)
        : base("infra:hosts:Swarm", name, options)
    {
        var leaderHost = args.Hosts.Single(h => h.Planned.IsLeader);
        var leader = leaderHost.Planned;

        var init = new Command($"{name}-init", Run(leader, args.SshPrivateKey,
            SwarmScripts.WithEnvironment(args.InitScript, new Dictionary<string, string> { ["ADVERTISE_ADDR"] = leader.Address }),
            trigger: args.InitScript,
            logging: Logging.Stderr), new CustomResourceOptions
            {
                Parent = this,
                DependsOn = { leaderHost.Bootstrap },
                AdditionalSecretOutputs = { "stdout" },
            });

        // The tokens are credentials: secret from the moment they are read, never logged (stdout is not).
        var tokens = Output.CreateSecret(init.Stdout).Apply(SwarmScripts.ParseJoinTokens);
        WorkerToken = tokens.Apply(t => t.Worker);
        ManagerToken = tokens.Apply(t => t.Manager);

        var joins = new List<Resource>();
        foreach (var host in args.Hosts.Where(h => !h.Planned.IsLeader))
        {
            var planned = host.Planned;
            var stdin = tokens.Apply(t => SwarmScripts.WithEnvironment(args.JoinScript, new Dictionary<string, string>
            {
                ["JOIN_TOKEN"] = t.For(planned.IsManager),
                ["LEADER_ADDR"] = leader.Address,
                ["ADVERTISE_ADDR"] = planned.Address,
            }));
            joins.Add(new Command($"{name}-join-{planned.Name}", Run(planned, args.SshPrivateKey, stdin, args.JoinScript, Logging.StdoutAndStderr),
                new CustomResourceOptions { Parent = this, DependsOn = { host.Bootstrap, init } }));
        }

        var everyNode = new InputList<Resource> { init };
        foreach (var join in joins)
        {
            everyNode.Add(join);
        }

        Labels = new Command($"{name}-labels", Run(leader, args.SshPrivateKey, args.LabelScript, args.LabelScript, Logging.StdoutAndStderr),
            new CustomResourceOptions { Parent = this, DependsOn = everyNode });

        Provider = DockerProvider($"{name}-docker", leader, Labels);
        NodeProviders = args.Hosts.ToDictionary(
            h => h.Planned.Name,
            h => h.Planned.IsLeader ? Provider : DockerProvider($"{name}-docker-{h.Planned.Name}", h.Planned, Labels));
        LeaderDockerHost = Output.Create(leader.DockerHost);

        RegisterOutputs(new Dictionary<string, object?>
        {
            ["leaderDockerHost"] = LeaderDockerHost,
            ["workerToken"] = WorkerToken,
            ["managerToken"] = ManagerToken,
        });
    }

    private static CommandArgs Run(PlannedHost host, Input<string> sshPrivateKey, Input<string> stdin, string trigger, Logging logging) => new()
    {
        Connection = SshConnection.To(host, sshPrivateKey),
        Create = host.ScriptRunner,
        Stdin = stdin,
        Triggers = new object[] { Digest.Sha256(trigger) },
        Logging = logging,
    };

    private Docker.Provider DockerProvider(string name, PlannedHost host, Resource ready) => new(name, new Docker.ProviderArgs
    {
        Host = host.DockerHost,
        SshOpts = DockerSshOptions,
    }, new CustomResourceOptions { Parent = this, DependsOn = { ready } });
}
