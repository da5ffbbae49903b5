namespace Infra.Blueprint.Hosts;

/// <summary>How a remote command logs in.</summary>
/// <param name="Address">The host's address.</param>
/// <param name="Port">Its SSH port.</param>
/// <param name="User">The login user.</param>
public sealed record SshLogin(string Address, int Port, string User);

/// <summary>A value a command needs that only exists at run time; the provisioner supplies it as an environment variable.</summary>
public enum CommandInput
{
    /// <summary>The public half of the deploy key (<c>ssh-ed25519 AAAA…</c>), derived from <c>infra:ssh.privateKey</c>.</summary>
    DeployPublicKey,

    /// <summary>The Swarm's worker join token, printed by <see cref="SwarmScripts.Init"/>.</summary>
    WorkerJoinToken,

    /// <summary>The Swarm's manager join token.</summary>
    ManagerJoinToken,
}

/// <summary>
/// One command the provisioner runs: where (over SSH, or where the provisioner runs), as whom, which rendered script
/// on standard input, with which environment. The Pulumi layer declares exactly these, and the hosts tier runs exactly
/// these over real SSH; nothing about a command is spelt anywhere else.
/// </summary>
/// <param name="Name">Resource name, unique in the stack: <c>node-1-bootstrap</c>, <c>swarm-init</c> ….</param>
/// <param name="Host">The planned host it concerns.</param>
/// <param name="Login">How it logs in; null: it runs where the provisioner runs (a local command).</param>
/// <param name="Runner">The command line that reads the script on standard input (<c>bash -s</c>, <c>sudo -n bash -s</c>).</param>
/// <param name="ScriptPath">The rendered script it feeds to <paramref name="Runner"/> (<see cref="Platform.Plan.Files"/>).</param>
/// <param name="Environment">Values known when planning, exported at the top of the script.</param>
/// <param name="Inputs">Values the provisioner supplies at run time, by environment variable name.</param>
/// <param name="After">Names of the commands that must have run first.</param>
/// <param name="Delete">The remote command line run when the command leaves the plan (its host was removed); null: none.</param>
/// <param name="SecretOutput">Whether its standard output is a credential (the join tokens): kept secret, never logged.</param>
public sealed record HostCommand(
    string Name,
    string Host,
    SshLogin? Login,
    string Runner,
    string ScriptPath,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, CommandInput> Inputs,
    IReadOnlyList<string> After,
    string? Delete = null,
    bool SecretOutput = false)
{
    /// <summary>The text fed to <see cref="Runner"/>: the script with <see cref="Environment"/> and the run-time <paramref name="inputs"/> exported first.</summary>
    public string Stdin(string script, IReadOnlyDictionary<CommandInput, string> inputs)
    {
        var environment = new Dictionary<string, string>(Environment);
        foreach (var (name, input) in Inputs)
        {
            environment[name] = inputs.TryGetValue(input, out var value)
                ? value
                : throw new ArgumentException($"command {Name} needs {input} (as {name}); none was supplied", nameof(inputs));
        }

        return SwarmScripts.WithEnvironment(script, environment);
    }
}
