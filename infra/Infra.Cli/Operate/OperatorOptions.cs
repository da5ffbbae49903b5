using System.CommandLine;

namespace Infra.Cli.Operate;

/// <summary>The options every operator command takes: which stack, where its files are, how to log in, and <c>--dry-run</c>.</summary>
public sealed class OperatorOptions
{
    private readonly Option<string> _stack = new("--stack") { Description = "Stack to operate on (its hosts and settings from Pulumi.<stack>.yaml)", Required = true };
    private readonly Option<DirectoryInfo> _project = new("--project") { Description = "Directory holding Pulumi.yaml", DefaultValueFactory = _ => new DirectoryInfo(".") };
    private readonly Option<FileInfo?> _identity = new("--identity") { Description = "The deploy user's private key file (default: the SSH agent's keys, as the Docker provider uses)" };
    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "Print where and what it would run over SSH, and run nothing" };

    /// <summary>Adds the options to <paramref name="command"/>; returns it.</summary>
    public Command AddTo(Command command)
    {
        command.Options.Add(_stack);
        command.Options.Add(_project);
        command.Options.Add(_identity);
        command.Options.Add(_dryRun);
        return command;
    }

    /// <summary>The target the parsed options name, with the invocation's writers.</summary>
    public OperatorContext Read(ParseResult result) => new(
        result.GetValue(_project)!, result.GetValue(_stack)!, result.GetValue(_identity), result.GetValue(_dryRun),
        result.InvocationConfiguration.Output, result.InvocationConfiguration.Error);
}
