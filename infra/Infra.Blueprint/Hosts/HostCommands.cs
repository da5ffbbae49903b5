using System.Globalization;
using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Hosts;

/// <summary>
/// Every command that provisions the hosts and forms the Swarm, in the order they run, and the SSH client options
/// the provisioner's OpenSSH clients use. The one place these are spelt: the Host and Swarm components copy the
/// records, the hosts tier runs them.
/// </summary>
public static class HostCommands
{
    /// <summary>Runs the script as the login user (root, or the deploy user through its Docker group).</summary>
    public const string AsLoginUser = "bash -s";

    /// <summary>Runs the script as root when logged in as root.</summary>
    public const string AsRoot = AsLoginUser;

    /// <summary>Runs the script as root through sudo; <c>-n</c>: fail at once instead of waiting for a password prompt.</summary>
    public const string AsRootThroughSudo = "sudo -n bash -s";

    /// <summary>
    /// Options of every OpenSSH client the provisioner runs (the Docker provider's <c>ssh://</c> connections; the
    /// hosts tier): never prompt (CI has no terminal), and accept only the host key in <paramref name="knownHostsFile"/>,
    /// which <see cref="HostKeyScript"/> verified or recorded first.
    /// </summary>
    public static IReadOnlyList<string> SshOptions(string knownHostsFile) =>
    [
        "-o", "BatchMode=yes",
        "-o", "StrictHostKeyChecking=yes",
        "-o", $"UserKnownHostsFile={knownHostsFile}",
        "-o", "ConnectTimeout=15",
        "-o", "ServerAliveInterval=15",
    ];

    /// <summary>
    /// The arguments of one <c>ssh</c> run of <paramref name="remoteCommand"/> as <paramref name="login"/>, with
    /// <see cref="SshOptions"/>; with <paramref name="identity"/>, only that key is offered (else the agent's and
    /// OpenSSH's default keys). The hosts tier and the CLI's operator commands both connect this way.
    /// </summary>
    public static IReadOnlyList<string> SshArguments(string knownHostsFile, SshLogin login, string remoteCommand, string? identity = null, params string[] extraOptions) =>
    [
        .. SshOptions(knownHostsFile),
        .. identity is null ? Array.Empty<string>() : ["-o", "IdentitiesOnly=yes", "-i", identity],
        .. extraOptions,
        "-p", login.Port.ToString(CultureInfo.InvariantCulture), $"{login.User}@{login.Address}", "--", remoteCommand,
    ];

    /// <summary>The login of every command after the bootstrap's first: the deploy user on <paramref name="host"/>.</summary>
    public static SshLogin DeployLogin(PlannedHost host) => Deploy(host);

    /// <summary>The name of the command that verifies <paramref name="host"/>'s key; its output is the key later connections require.</summary>
    public static string HostKeyOf(PlannedHost host) => $"{host.Name}-host-key";

    /// <summary>The commands of <paramref name="plan"/>, in an order that satisfies every <see cref="HostCommand.After"/>.</summary>
    public static IReadOnlyList<HostCommand> Of(Plan plan) => [.. plan.Hosts.SelectMany(h => ProvisioningOf(plan, h)), .. SwarmOf(plan)];

    /// <summary>The commands that prepare <paramref name="host"/>: its host-key check, the first-contact access script, the bootstrap.</summary>
    public static IReadOnlyList<HostCommand> ProvisioningOf(Plan plan, PlannedHost host) => [.. Provision(plan, host)];

    /// <summary>The commands that form the Swarm over the prepared hosts: init on the leader, a join per other host, the members script.</summary>
    public static IReadOnlyList<HostCommand> SwarmOf(Plan plan)
    {
        var commands = new List<HostCommand>();
        var leader = plan.Leader;
        var init = new HostCommand("swarm-init", leader.Name, Deploy(leader), AsLoginUser, SwarmScripts.InitPath,
            Env(("ADVERTISE_ADDR", leader.Address)), NoInputs, [Bootstrap(leader)], SecretOutput: true);
        commands.Add(init);
        var joins = plan.Hosts.Where(h => !h.IsLeader).Select(host => new HostCommand(
            $"swarm-join-{host.Name}", host.Name, Deploy(host), AsLoginUser, SwarmScripts.JoinPath,
            Env(("ADVERTISE_ADDR", host.Address), ("LEADER_ADDR", leader.Address)),
            new Dictionary<string, CommandInput> { ["JOIN_TOKEN"] = host.IsManager ? CommandInput.ManagerJoinToken : CommandInput.WorkerJoinToken },
            [Bootstrap(host), init.Name],
            Delete: SwarmScripts.Leave)).ToList();
        commands.AddRange(joins);
        commands.Add(new HostCommand("swarm-members", leader.Name, Deploy(leader), AsLoginUser, SwarmScripts.MembersPath,
            Env(), NoInputs, [init.Name, .. joins.Select(j => j.Name)]));
        return commands;
    }

    private static IEnumerable<HostCommand> Provision(Plan plan, PlannedHost host)
    {
        var hostKey = new HostCommand(HostKeyOf(host), host.Name, Login: null, AsLoginUser, HostKeyScript.Path,
            Env(("HOST_NAME", host.Name), ("ADDRESS", host.Address), ("SSH_PORT", host.SshPort.ToString(CultureInfo.InvariantCulture)),
                ("KNOWN_HOSTS_NAME", host.KnownHostsName), ("KNOWN_HOSTS", plan.Settings.Ssh.KnownHostsFile), ("PINNED_KEY", host.HostKey ?? "")),
            NoInputs, []);
        var access = new HostCommand($"{host.Name}-access", host.Name, new SshLogin(host.Address, host.SshPort, host.SshUser), host.ScriptRunner,
            AccessScript.Path, Env(("DEPLOY_USER", host.DeployUser)),
            new Dictionary<string, CommandInput> { ["DEPLOY_PUBLIC_KEY"] = CommandInput.DeployPublicKey }, [hostKey.Name]);
        var bootstrap = new HostCommand(Bootstrap(host), host.Name, Deploy(host), AsRootThroughSudo, host.BootstrapScriptPath, Env(), NoInputs, [access.Name]);
        return [hostKey, access, bootstrap];
    }

    private static string Bootstrap(PlannedHost host) => $"{host.Name}-bootstrap";

    private static SshLogin Deploy(PlannedHost host) => new(host.Address, host.SshPort, host.DeployUser);

    private static readonly IReadOnlyDictionary<string, CommandInput> NoInputs = new Dictionary<string, CommandInput>();

    private static IReadOnlyDictionary<string, string> Env(params (string Name, string Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);
}
