using Infra.Blueprint.Hosts;
using Pulumi;
using Local = Pulumi.Command.Local;
using Remote = Pulumi.Command.Remote;

namespace Infra.Components.Hosts;

/// <summary>
/// Declares one of the plan's <see cref="HostCommand"/>s, copied field by field: a local command where it has no
/// login, otherwise a remote one over SSH that requires the host key verified by the host's host-key command. The
/// trigger is a digest of the script and its planned environment, so a changed script (or value) runs again.
/// </summary>
internal static class HostCommandResource
{
    public static Local.Command Local(HostCommand command, string script, CustomResourceOptions options) =>
        new(command.Name, new Local.CommandArgs
        {
            Create = command.Runner,
            Stdin = command.Stdin(script, new Dictionary<CommandInput, string>()),
            Triggers = new object[] { Trigger(command, script) },
            Logging = Pulumi.Command.Local.Logging.StdoutAndStderr,
        }, options);

    public static Remote.Command Remote(HostCommand command, string script, Input<string> stdin, Input<string> hostKey, Input<string> privateKey, CustomResourceOptions options)
    {
        var login = command.Login ?? throw new ArgumentException($"command {command.Name} runs locally", nameof(command));
        if (command.SecretOutput)
        {
            options.AdditionalSecretOutputs.Add("stdout");
        }

        return new Remote.Command(command.Name, new Remote.CommandArgs
        {
            Connection = SshConnection.To(login, privateKey, hostKey),
            Create = command.Runner,
            Update = command.Runner,
            Delete = command.Delete!,
            Stdin = stdin,
            Triggers = new object[] { Trigger(command, script) },
            // Join tokens are credentials: a command that prints them logs stderr only.
            Logging = command.SecretOutput ? Pulumi.Command.Remote.Logging.Stderr : Pulumi.Command.Remote.Logging.StdoutAndStderr,
        }, options);
    }

    /// <summary>The text a command's inputs are spelled into: values of the inputs at run time.</summary>
    public static Output<string> Stdin(HostCommand command, string script, IReadOnlyDictionary<CommandInput, Output<string>> inputs)
    {
        var needed = command.Inputs.Values.Distinct().ToList();
        return Output.All(needed.Select(i => inputs[i])).Apply(values =>
            command.Stdin(script, needed.Zip(values).ToDictionary(p => p.First, p => p.Second)));
    }

    private static string Trigger(HostCommand command, string script) =>
        Digest.Sha256(string.Join('\n', command.Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}")) + "\n" + script);
}
