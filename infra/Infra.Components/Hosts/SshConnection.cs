using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Pulumi;
using Pulumi.Command.Remote.Inputs;

namespace Infra.Components.Hosts;

/// <summary>The SSH connection of remote commands, from a plan's <see cref="SshLogin"/>.</summary>
internal static class SshConnection
{
    public static ConnectionArgs To(SshLogin login, Input<string> privateKey, Input<string>? hostKey) => new()
    {
        Host = login.Address,
        Port = login.Port,
        User = login.User,
        PrivateKey = privateKey,
        // Only the key the host-key command verified (pinned, or recorded on first contact) is accepted.
        HostKey = hostKey!,
        // A host that is still booting refuses connections for a while; keep dialling.
        DialErrorLimit = 20,
    };

    /// <summary>As the deploy user of <paramref name="host"/>, the way every command after the bootstrap's first logs in.</summary>
    public static ConnectionArgs Deploy(PlannedHost host, Input<string> privateKey, Input<string>? hostKey) =>
        To(new SshLogin(host.Address, host.SshPort, host.DeployUser), privateKey, hostKey);
}
