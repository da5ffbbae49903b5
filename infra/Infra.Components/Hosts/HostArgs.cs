using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Pulumi;

namespace Infra.Components.Hosts;

/// <summary>Inputs of a <see cref="Host"/>.</summary>
public sealed class HostArgs
{
    /// <summary>The host as planned: address, first-contact user, deploy user, port, pinned host key.</summary>
    public required PlannedHost Host { get; init; }

    /// <summary>The host's commands from the plan (<see cref="HostCommands.ProvisioningOf"/>): host-key check, access, bootstrap.</summary>
    public required IReadOnlyList<HostCommand> Commands { get; init; }

    /// <summary>The rendered scripts the commands feed, by path.</summary>
    public required IReadOnlyDictionary<string, string> Scripts { get; init; }

    /// <summary>The SSH private key that logs in to the host (a Pulumi secret).</summary>
    public required Input<string> SshPrivateKey { get; init; }

    /// <summary>The arguments of <paramref name="host"/> in <paramref name="plan"/>.</summary>
    public static HostArgs From(Plan plan, PlannedHost host, Input<string> sshPrivateKey)
    {
        var commands = HostCommands.ProvisioningOf(plan, host);
        return new()
        {
            Host = host,
            Commands = commands,
            Scripts = commands.Select(c => c.ScriptPath).Distinct().ToDictionary(p => p, p => plan.File(p).Content),
            SshPrivateKey = sshPrivateKey,
        };
    }
}
