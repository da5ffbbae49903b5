using Infra.Blueprint.Hosts;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Platform;

/// <summary>A server of the stack, as the provisioner sees it.</summary>
/// <param name="Name">Host name; also the Swarm node's hostname.</param>
/// <param name="Address">Address the provisioner connects to.</param>
/// <param name="SshUser">The account the server offers for the first login (root or a sudo user); used to create <paramref name="DeployUser"/>.</param>
/// <param name="SshPort">SSH port.</param>
/// <param name="Roles">What the host is for.</param>
/// <param name="IsLeader">The first manager: initialises the Swarm and serves the Docker API to Pulumi.</param>
/// <param name="NodeLabels">Swarm node labels placement constraints refer to (<c>infra.edge=true</c> …).</param>
/// <param name="SwapMb">Swap file size the bootstrap creates.</param>
/// <param name="BootstrapScriptPath">The rendered bootstrap script of this host (see <see cref="Plan.Files"/>).</param>
/// <param name="DeployUser">The account every command after the first logs in as, and the Docker provider too.</param>
/// <param name="HostKey">The pinned SSH host key (<c>&lt;type&gt; &lt;base64&gt;</c>), or null when it is recorded on first contact.</param>
public sealed record PlannedHost(
    string Name,
    string Address,
    string SshUser,
    int SshPort,
    IReadOnlySet<HostRole> Roles,
    bool IsLeader,
    IReadOnlyDictionary<string, string> NodeLabels,
    int SwapMb,
    string BootstrapScriptPath,
    string DeployUser,
    string? HostKey)
{
    /// <summary>Whether the host joins the Swarm as a manager.</summary>
    public bool IsManager => Roles.Contains(HostRole.Manager);

    /// <summary>The Docker API endpoint over SSH, as the Docker provider takes it.</summary>
    public string DockerHost => SshPort == 22 ? $"ssh://{DeployUser}@{Address}" : $"ssh://{DeployUser}@{Address}:{SshPort}";

    /// <summary>How known_hosts files and <c>ssh-keyscan</c> name this host: the address, as <c>[address]:port</c> when the port is not 22.</summary>
    public string KnownHostsName => SshPort == 22 ? Address : $"[{Address}]:{SshPort}";

    /// <summary>
    /// The command line that runs a script fed on standard input as root when logged in as <see cref="SshUser"/>: plain
    /// <c>bash -s</c> for root, <c>sudo -n bash -s</c> otherwise (<c>-n</c>: fail at once instead of waiting for a password prompt).
    /// </summary>
    public string ScriptRunner => SshUser == "root" ? HostCommands.AsRoot : HostCommands.AsRootThroughSudo;
}
