using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Hosts.Tests.Fixtures;

/// <summary>
/// Runs the plan's <see cref="HostCommands"/> as the Pulumi layer declares them: the rendered script on standard
/// input of the record's runner, over OpenSSH with <see cref="HostCommands.SshOptions"/> (or locally for a command
/// without a login), the record's environment and run-time inputs exported first. Nothing here spells a command.
/// </summary>
public sealed class Provisioner(Plan plan, string privateKeyPath, string publicKey)
{
    /// <summary>The plan whose commands run.</summary>
    public Plan Plan { get; } = plan;

    /// <summary>The known-hosts file the plan's commands record and check keys in.</summary>
    public string KnownHosts => Plan.Settings.Ssh.KnownHostsFile;

    /// <summary>The command named <paramref name="name"/>.</summary>
    public HostCommand Command(string name) => HostCommands.Of(Plan).Single(c => c.Name == name);

    /// <summary>Runs the command named <paramref name="name"/>; join tokens from <see cref="SwarmScripts.Init"/> when it needs them.</summary>
    public ProcessResult Run(string name, JoinTokens? tokens = null)
    {
        var command = Command(name);
        var inputs = new Dictionary<CommandInput, string> { [CommandInput.DeployPublicKey] = publicKey };
        if (tokens is not null)
        {
            inputs[CommandInput.WorkerJoinToken] = tokens.Worker;
            inputs[CommandInput.ManagerJoinToken] = tokens.Manager;
        }

        var stdin = command.Stdin(Plan.File(command.ScriptPath).Content, inputs);
        return command.Login is null
            ? Processes.Run("bash", ["-c", command.Runner], stdin, TimeSpan.FromMinutes(2))
            : Ssh(command.Login, command.Runner, stdin, TimeSpan.FromMinutes(8));
    }

    /// <summary>Runs the command's delete (its host left the plan).</summary>
    public ProcessResult Delete(string name)
    {
        var command = Command(name);
        return Ssh(command.Login!, command.Delete!, "", TimeSpan.FromMinutes(2));
    }

    /// <summary>One ssh invocation with the provisioner's options, the deploy key and <paramref name="extraOptions"/>.</summary>
    public ProcessResult Ssh(SshLogin login, string remoteCommand, string stdin = "", TimeSpan? timeout = null, params string[] extraOptions) =>
        Processes.Run("ssh", HostCommands.SshArguments(KnownHosts, login, remoteCommand, privateKeyPath, extraOptions),
            stdin, timeout ?? TimeSpan.FromMinutes(1));
}
