using System.CommandLine;
using System.Text.RegularExpressions;
using Infra.Cli;
using Infra.TestKit;

namespace Infra.Workflows.Tests;

/// <summary>
/// Every command in a <c>sh</c> block of the README, <c>docs/**/*.md</c> and <c>app/CONTRACT.md</c> stays runnable
/// (docs/deploying.md says what is checked). <c>bash</c> blocks are runbooks run on a server, inside its containers,
/// and are not checked here.
/// </summary>
public sealed partial class DocsCommandsTests
{
    [Fact]
    public void EveryCommandTheDocsShowIsRunnableOrKnown()
    {
        var commands = DocsCommands.All().ToList();

        var problems = commands.Select(c => (c, Problem: Check(c))).Where(x => x.Problem is not null).Select(x => $"{x.c.Where}: {x.c.Text}\n  {x.Problem}").ToList();

        Assert.True(commands.Count >= 20, $"expected the docs' sh blocks to hold at least 20 commands, found {commands.Count}");
        Assert.True(problems.Count == 0, $"{problems.Count} command(s) in the docs would not run as shown:\n{string.Join("\n", problems)}");
    }

    [Theory]
    [InlineData("pulumi stack slect staging", "pulumi has no verb 'stack slect'")]
    [InlineData("pulumi up --stak prod", "'--stak' is not a flag of 'pulumi up'")]
    [InlineData("ssh-add -Z ~/.ssh/key", "'-Z' is not a flag of ssh-add")]
    [InlineData("dotnet run --project infra/Infra.Cli -- verify --stak staging", "--stak")]
    [InlineData("dotnet run --project infra/Infra.Cli -- plan --stack nosuchstack", "exited ")]
    [InlineData("kubectl apply -f x.yaml", "no check knows 'kubectl'")]
    [InlineData("pulumi config set infra:app.replica 3", "infra:app.replica is not a config key")]
    [InlineData("pulumi config set --stack prod --secret infra:app.secret.stripe_key -- x", "upper-case")]
    [InlineData("pulumi config set --stack prod infra:registry.token -- x", "infra:registry.token is a secret")]
    public void AWrongCommandIsCaughtAndNamed(string text, string expected)
    {
        var problem = Check(new DocCommand("test.md:1", text, DocsCommands.Tokens(text)));

        Assert.True(problem?.Contains(expected, StringComparison.Ordinal) == true, $"'{text}' should fail with '{expected}'; got: {problem ?? "no problem"}");
    }

    [Fact]
    public void EveryConfigKeyInTheDocsStackFilesIsOneInfraReads()
    {
        var keys = DocsConfigKeys.InYamlBlocks().ToList();

        var problems = keys.Select(k => (k, Problem: DocsConfigKeys.Problem(k.Key))).Where(x => x.Problem is not null).Select(x => $"{x.k.Where}: {x.Problem}").ToList();

        Assert.True(keys.Count >= 20, $"expected the docs' yaml blocks to name at least 20 config keys, found {keys.Count}");
        Assert.True(problems.Count == 0, $"{problems.Count} key(s) in the docs' yaml blocks would be refused as unknown:\n{string.Join("\n", problems)}");
    }

    private static string? Check(DocCommand command)
    {
        var tokens = command.Tokens;
        var program = tokens[0];
        return program switch
        {
            "dotnet" => Dotnet(tokens),
            "pulumi" => PulumiCli.Check(tokens) ?? DocsConfigKeys.Check(tokens),
            _ when OpenSsh.Flags.ContainsKey(program) => OpenSsh.Check(program, tokens),
            _ when program.StartsWith("./", StringComparison.Ordinal) || program.Contains('/', StringComparison.Ordinal) =>
                File.Exists(Repository.PathOf(program)) ? null : $"{program} is not a file of the repository",
            _ when ShellOnly.Contains(program) => null,
            _ => $"no check knows '{program}': teach DocsCommandsTests to run or check it, or list it among the programs that cannot run here",
        };
    }

    // Shell built-ins and programs a doc shows that need a server, a network or a person; not run here.
    private static readonly HashSet<string> ShellOnly = new(StringComparer.Ordinal)
    {
        "export", "eval", "set", "cd", "echo", "$EDITOR", "cat", "docker", "curl", "git", "restic", "psql", "pg_restore",
        "journalctl", "du", "sort", "tail", "ls", "rm", "mkdir", "cp", "mv", "chmod", "chown", "sed", "grep", "find", "tar",
        "wrk", "openssl", "dig", "gh", "npm", "apt-get", "sudo", "age", "gpg", "jq", "base64", "awk", "head", "printf", "umask",
        "touch", "wc", "diff", "scp", "rsync", "sha256sum", "xargs", "tee", "date", "mktemp", "shred", "install", "systemctl",
        "redis-cli", "pg_dump", "ufw", "test", "true", "source",
    };

    private static string? Dotnet(IReadOnlyList<string> tokens)
    {
        var project = tokens.SkipWhile(t => t != "--project").Skip(1).FirstOrDefault();
        if (tokens.Count < 2 || tokens[1] is not ("run" or "test" or "build") || project is null)
        {
            return "only 'dotnet run|test|build --project <path>' is checked";
        }

        if (!Directory.Exists(Repository.PathOf(project)) && !File.Exists(Repository.PathOf(project)))
        {
            return $"--project {project} is not in the repository";
        }

        return project.TrimEnd('/') == "infra/Infra.Cli" && tokens[1] == "run" ? InfraCli([.. tokens.SkipWhile(t => t != "--").Skip(1)]) : null;
    }

    // The CLI in process: 'plan' runs for real against the shipped stack files (--out into a temporary folder); a verb
    // that needs a deployed stack is parsed only, by the same parser, so every verb and option must exist and every
    // value must have its type.
    private static string? InfraCli(IReadOnlyList<string> args)
    {
        using var temp = new TempDirectory("docs-commands");
        var withOut = args.Select((a, i) => i > 0 && args[i - 1] == "--out" ? Path.Combine(temp.Path, "out") : a).ToList();
        if (!withOut.Contains("--project"))
        {
            withOut.AddRange(["--project", Repository.Root]);
        }

        var parse = Infra.Cli.Cli.Build().Parse(withOut);
        if (parse.Errors.Count > 0)
        {
            return "the CLI refuses it: " + string.Join("; ", parse.Errors.Select(e => e.Message));
        }

        if (args.FirstOrDefault() != "plan")
        {
            return null;
        }

        var (output, error) = (new StringWriter(), new StringWriter());
        var code = parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
        return code == 0 ? null : $"exited {code}: {error}{output}".Trim();
    }
}
