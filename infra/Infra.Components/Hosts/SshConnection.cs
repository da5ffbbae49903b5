using Infra.Blueprint.Platform;
using Pulumi;
using Pulumi.Command.Remote.Inputs;

namespace Infra.Components.Hosts;

/// <summary>The SSH connection of remote commands to a planned host.</summary>
internal static class SshConnection
{
    public static ConnectionArgs To(PlannedHost host, Input<string> privateKey) => new()
    {
        Host = host.Address,
        User = host.SshUser,
        Port = host.SshPort,
        PrivateKey = privateKey,
        // A host that is still booting refuses connections for a while; keep dialling.
        DialErrorLimit = 20,
    };
}
