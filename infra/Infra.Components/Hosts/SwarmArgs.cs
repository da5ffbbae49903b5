using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Pulumi;

namespace Infra.Components.Hosts;

/// <summary>Inputs of the <see cref="Swarm"/>.</summary>
public sealed class SwarmArgs
{
    /// <summary>The prepared hosts, in plan order; exactly one is the leader.</summary>
    public required IReadOnlyList<Host> Hosts { get; init; }

    /// <summary>The plan's Swarm commands (<see cref="HostCommands.SwarmOf"/>): init, joins, members.</summary>
    public required IReadOnlyList<HostCommand> Commands { get; init; }

    /// <summary>The rendered scripts the commands feed, by path.</summary>
    public required IReadOnlyDictionary<string, string> Scripts { get; init; }

    /// <summary>Options of the Docker provider's ssh client (<see cref="HostCommands.SshOptions"/>).</summary>
    public required IReadOnlyList<string> SshOptions { get; init; }

    /// <summary>The SSH private key that logs in to every host (a Pulumi secret).</summary>
    public required Input<string> SshPrivateKey { get; init; }

    /// <summary>The arguments for the hosts of <paramref name="plan"/>.</summary>
    public static SwarmArgs From(Plan plan, IReadOnlyList<Host> hosts, Input<string> sshPrivateKey)
    {
        var commands = HostCommands.SwarmOf(plan);
        return new()
        {
            Hosts = hosts,
            Commands = commands,
            Scripts = commands.Select(c => c.ScriptPath).Distinct().ToDictionary(p => p, p => plan.File(p).Content),
            SshOptions = HostCommands.SshOptions(plan.Settings.Ssh.KnownHostsFile),
            SshPrivateKey = sshPrivateKey,
        };
    }
}
