using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Pulumi;

namespace Infra.Components.Hosts;

/// <summary>Inputs of the <see cref="Swarm"/>.</summary>
public sealed class SwarmArgs
{
    /// <summary>The bootstrapped hosts, in plan order; exactly one is the leader.</summary>
    public required IReadOnlyList<Host> Hosts { get; init; }

    /// <summary>The rendered init script (<see cref="SwarmScripts.Init"/>).</summary>
    public required string InitScript { get; init; }

    /// <summary>The rendered join script (<see cref="SwarmScripts.Join"/>).</summary>
    public required string JoinScript { get; init; }

    /// <summary>The rendered label script (<see cref="SwarmScripts.Label"/>).</summary>
    public required string LabelScript { get; init; }

    /// <summary>The SSH private key that logs in to every host (a Pulumi secret).</summary>
    public required Input<string> SshPrivateKey { get; init; }

    /// <summary>The arguments for the hosts of <paramref name="plan"/>.</summary>
    public static SwarmArgs From(Plan plan, IReadOnlyList<Host> hosts, Input<string> sshPrivateKey) => new()
    {
        Hosts = hosts,
        InitScript = plan.File(SwarmScripts.InitPath).Content,
        JoinScript = plan.File(SwarmScripts.JoinPath).Content,
        LabelScript = plan.File(SwarmScripts.LabelPath).Content,
        SshPrivateKey = sshPrivateKey,
    };
}
