using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Platform;

/// <summary>A server of the stack, as the provisioner sees it.</summary>
/// <param name="Name">Host name; also the Swarm node's hostname.</param>
/// <param name="Address">Address the provisioner connects to.</param>
/// <param name="SshUser">SSH login user.</param>
/// <param name="SshPort">SSH port.</param>
/// <param name="Roles">What the host is for.</param>
/// <param name="IsLeader">The first manager: initialises the Swarm and serves the Docker API to Pulumi.</param>
/// <param name="NodeLabels">Swarm node labels placement constraints refer to (<c>infra.edge=true</c> …).</param>
/// <param name="SwapMb">Swap file size the bootstrap creates.</param>
/// <param name="BootstrapScriptPath">The rendered bootstrap script of this host (see <see cref="Plan.Files"/>).</param>
public sealed record PlannedHost(
    string Name,
    string Address,
    string SshUser,
    int SshPort,
    IReadOnlySet<HostRole> Roles,
    bool IsLeader,
    IReadOnlyDictionary<string, string> NodeLabels,
    int SwapMb,
    string BootstrapScriptPath)
{
    /// <summary>Whether the host joins the Swarm as a manager.</summary>
    public bool IsManager => Roles.Contains(HostRole.Manager);

    /// <summary>The Docker API endpoint over SSH, as the Docker provider takes it.</summary>
    public string DockerHost => SshPort == 22 ? $"ssh://{SshUser}@{Address}" : $"ssh://{SshUser}@{Address}:{SshPort}";

    /// <summary>
    /// The command line that runs a script fed on standard input as root: plain <c>bash -s</c> for root,
    /// <c>sudo -n bash -s</c> otherwise (<c>-n</c>: fail at once instead of waiting for a password prompt).
    /// </summary>
    public string ScriptRunner => SshUser == "root" ? "bash -s" : "sudo -n bash -s";
}
