using Infra.Blueprint.Platform;
using Pulumi;

namespace Infra.Components.Hosts;

/// <summary>Inputs of a <see cref="Host"/>.</summary>
public sealed class HostArgs
{
    /// <summary>The host as planned: address, SSH user and port.</summary>
    public required PlannedHost Host { get; init; }

    /// <summary>The host's rendered bootstrap script (<see cref="PlannedHost.BootstrapScriptPath"/>).</summary>
    public required string BootstrapScript { get; init; }

    /// <summary>The SSH private key that logs in to the host (a Pulumi secret).</summary>
    public required Input<string> SshPrivateKey { get; init; }

    /// <summary>The arguments of <paramref name="host"/> in <paramref name="plan"/>.</summary>
    public static HostArgs From(Plan plan, PlannedHost host, Input<string> sshPrivateKey) => new()
    {
        Host = host,
        BootstrapScript = plan.File(host.BootstrapScriptPath).Content,
        SshPrivateKey = sshPrivateKey,
    };
}
