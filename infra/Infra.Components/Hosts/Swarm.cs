using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Pulumi;
using Remote = Pulumi.Command.Remote;
using Docker = Pulumi.Docker;

namespace Infra.Components.Hosts;

/// <summary>
/// The Docker Swarm over the prepared hosts, by the plan's commands (<see cref="HostCommands.SwarmOf"/>): initialised
/// on the leader, joined by the others (managers with the manager token, the rest as workers), then the members
/// script sets roles and labels and removes the nodes the plan no longer has; a host removed from the plan leaves
/// the Swarm when its join is deleted. Provides the Docker providers the platform's resources are declared through.
/// </summary>
public sealed class Swarm : ComponentResource
{
    /// <summary>Docker API of the leader: Swarm-wide objects (services, networks, secrets, configs).</summary>
    public Docker.Provider Provider { get; }

    /// <summary>Docker API of each node by host name: node-local objects (volumes).</summary>
    public IReadOnlyDictionary<string, Docker.Provider> NodeProviders { get; }

    /// <summary>The last step of forming the Swarm; resources on the Swarm depend on it.</summary>
    public Remote.Command Labels { get; }

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
        var hosts = args.Hosts.ToDictionary(h => h.Planned.Name);
        var leader = args.Hosts.Single(h => h.Planned.IsLeader);
        var noInputs = new Dictionary<CommandInput, Output<string>>();
        var initCommand = args.Commands.Single(c => c.Name.EndsWith("-init", StringComparison.Ordinal));
        var init = Declare(initCommand, hosts[initCommand.Host], noInputs, [leader.Bootstrap]);

        // The tokens are credentials: secret from the moment they are read, never logged (stdout is not).
        var tokens = Output.CreateSecret(init.Stdout).Apply(SwarmScripts.ParseJoinTokens);
        WorkerToken = tokens.Apply(t => t.Worker);
        ManagerToken = tokens.Apply(t => t.Manager);
        var tokenInputs = new Dictionary<CommandInput, Output<string>>
        {
            [CommandInput.WorkerJoinToken] = WorkerToken,
            [CommandInput.ManagerJoinToken] = ManagerToken,
        };

        var joins = args.Commands.Where(c => c.Delete is not null)
            .Select(c => (Resource)Declare(c, hosts[c.Host], tokenInputs, [hosts[c.Host].Bootstrap, init]))
            .ToList();
        var membersCommand = args.Commands.Single(c => c.Name.EndsWith("-members", StringComparison.Ordinal));
        Labels = Declare(membersCommand, hosts[membersCommand.Host], noInputs, [init, .. joins]);

        Provider = DockerProvider($"{name}-docker", leader.Planned, args.SshOptions, Labels);
        NodeProviders = args.Hosts.ToDictionary(
            h => h.Planned.Name,
            h => h.Planned.IsLeader ? Provider : DockerProvider($"{name}-docker-{h.Planned.Name}", h.Planned, args.SshOptions, Labels));
        LeaderDockerHost = Output.Create(leader.Planned.DockerHost);

        RegisterOutputs(new Dictionary<string, object?>
        {
            ["leaderDockerHost"] = LeaderDockerHost,
            ["workerToken"] = WorkerToken,
            ["managerToken"] = ManagerToken,
        });

        Remote.Command Declare(HostCommand command, Host host, IReadOnlyDictionary<CommandInput, Output<string>> inputs, IEnumerable<Resource> after)
        {
            var script = args.Scripts[command.ScriptPath];
            var opts = new CustomResourceOptions { Parent = this };
            foreach (var resource in after)
            {
                opts.DependsOn.Add(resource);
            }

            return HostCommandResource.Remote(command, script, HostCommandResource.Stdin(command, script, inputs), host.VerifiedHostKey, args.SshPrivateKey, opts);
        }
    }

    // The Docker provider runs the system ssh client with these options: it never prompts, and accepts only the host
    // key the host-key command verified into the known-hosts file. The key itself comes from the user's ssh-agent (the
    // provider cannot take key material for ssh:// hosts).
    private Docker.Provider DockerProvider(string name, PlannedHost host, IReadOnlyList<string> sshOptions, Resource ready) => new(name, new Docker.ProviderArgs
    {
        Host = host.DockerHost,
        SshOpts = sshOptions.ToList(),
    }, new CustomResourceOptions { Parent = this, DependsOn = { ready } });
}
