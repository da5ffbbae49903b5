using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Infra.TestKit;

namespace Infra.Cli.Tests;

/// <summary>
/// Arbitrary stack files (mutated YAML and raw bytes) and arguments thrown at the CLI's in-process entry point:
/// never an exception, never a stack trace, a message and a non-zero exit unless the input was valid, never a hang.
/// Bounded: a fixed number of cases per property and a time limit per run; verify never reaches a network (its
/// arguments always carry an unreadable --ca, so it stops at its option checks).
/// </summary>
public sealed class CliInputsProperties : IDisposable
{
    private static readonly TimeSpan PerRun = TimeSpan.FromSeconds(20);
    private static readonly string[] StagingLines = File.ReadAllLines(Repository.PathOf("Pulumi.staging.yaml"));

    private static readonly string[] Fragments =
    [
        "config:", "\n", "  ", "    ", "- ", "? ", ": ", "[", "]", "{", "}", ",", "&a ", "*a", "&b [*a, *a, *a]", "!!binary ", "!!map",
        "secure: v1:AA", "infra:hosts:", "infra:app.replicas", "infra:domain", "cloudflare:apitoken", "infa:domain",
        "node-1 203.0.113.10 roles=db memoryMb=x cpus=2", "\"", "'", "#", "\t", "---", "...", "%YAML 1.2", "|", ">", "\0", "\uFEFF",
        "null", "~", "-1", "99999999999999999999", "1e400", "true", "é", "\r\n", "<<: *a",
    ];

    private static readonly string[] Tokens =
    [
        "plan", "verify", "rollback", "--stack", "staging", "prod", "fuzz", "../x", "", "--out " + Here + "/out", "--out ", "--out /proc/x",
        "--out " + Here + "/Pulumi.yaml", "--project", "--to", "0", "-1", "99999999999", "--releases /proc/x", "--releases " + Here, "--url", "http://x", "https://[::1", "--resolve", "a:b", "--requests", "--concurrency",
        "--json", "--help", "-x", "--", "\0", "é",
    ];

    private readonly TempDirectory _project = new("cli-fuzz");

    public CliInputsProperties() => File.Copy(Repository.PathOf("Pulumi.yaml"), _project.File("Pulumi.yaml"));

    private static Gen<string> Fragment => Gen.OneOf(Gen.Elements(Fragments), ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""));

    // The staging file with a few lines replaced, cut or spliced with fragments: deep enough to reach the settings.
    private static Gen<string> MutatedStackFile =>
        from edits in Gen.Choose(1, 4)
        from positions in Gen.Choose(0, StagingLines.Length - 1).ArrayOf(edits)
        from pieces in Fragment.ArrayOf(edits)
        from mode in Gen.Choose(0, 2)
        select string.Join('\n', StagingLines.Select((line, i) =>
        {
            var at = Array.IndexOf(positions, i);
            return at < 0 ? line
                : mode == 0 ? line[..(line.IndexOf(':') + 1)] + " " + pieces[at]
                : mode == 1 ? line[..Math.Min(line.Length, pieces[at].Length)] + pieces[at]
                : pieces[at] + line;
        }));

    private static Gen<string> ComposedStackFile => Fragment.ArrayOf().Select(parts => string.Concat(parts.Take(40)));

    // Options that take a path come with one inside the test's folder (or one that cannot be written): a run never writes elsewhere.
    private static Gen<string[]> Arguments =>
        from words in Gen.Elements(Tokens).ArrayOf()
        let args = words.Take(8).SelectMany(w => w.StartsWith("--out ", StringComparison.Ordinal) || w.StartsWith("--releases ", StringComparison.Ordinal) ? w.Split(' ', 2) : [w]).ToArray()
        select args.Contains("verify") ? [.. args, "--ca", "/proc/nonexistent/ca.pem"] : args;

    private const string Here = "{project}";

    private Property Holds(string[] generated)
    {
        var args = generated.Select(a => a.Replace(Here, _project.Path, StringComparison.Ordinal)).ToArray();
        var run = CliRun.RunAsync(args).WaitAsync(PerRun).GetAwaiter().GetResult();
        var said = run.ExitCode == 0 ? run.Output.Length > 0 || run.Error.Length == 0 : run.Error.Trim().Length > 0;
        var clean = !run.Error.Contains("   at ", StringComparison.Ordinal) && !run.Error.Contains("Exception", StringComparison.Ordinal);
        var known = run.ExitCode is ExitCodes.Success or ExitCodes.BadInput or ExitCodes.CheckFailed;
        return (said && clean && known).Label($"infra {string.Join(' ', args.Select(a => $"'{a}'"))} -> {run}");
    }

    private Property PlansStackFile(byte[] content)
    {
        File.WriteAllBytes(_project.File("Pulumi.fuzz.yaml"), content);
        return Holds(["plan", "--stack", "fuzz", "--project", _project.Path, "--out", _project.File("out")]);
    }

    [Fact]
    public void AnyMutatedStackFileEndsInAMessageNotACrash() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), Prop.ForAll(MutatedStackFile.ToArbitrary(), yaml => PlansStackFile(Encoding.UTF8.GetBytes(yaml))));

    [Fact]
    public void AnyComposedYamlEndsInAMessageNotACrash() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), Prop.ForAll(ComposedStackFile.ToArbitrary(), yaml => PlansStackFile(Encoding.UTF8.GetBytes(yaml))));

    [Fact]
    public void AnyBytesAsAStackFileEndInAMessageNotACrash() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100), Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes => PlansStackFile(bytes ?? [])));

    [Fact]
    public void AnyArgumentsEndInAMessageNotACrash()
    {
        File.Copy(Repository.PathOf("Pulumi.staging.yaml"), _project.File("Pulumi.staging.yaml"), overwrite: true);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), Prop.ForAll(Arguments.ToArbitrary(), args => Holds([.. args, "--project", _project.Path])));
    }

    public void Dispose() => _project.Dispose();
}
