namespace Infra.Workflows.Tests;

/// <summary>
/// The Pulumi CLI's verbs and their flags, kept by hand from Pulumi's CLI reference (there is no Pulumi CLI here, so a
/// doc's <c>pulumi …</c> command is checked against this list: the verb must exist and each flag must be the verb's or
/// a global one). Add a verb or flag when the docs need it, after checking the reference.
/// </summary>
internal static class PulumiCli
{
    private static readonly string[] Global = ["--cwd", "-C", "--non-interactive", "--color", "--emoji", "--logtostderr", "-v", "--verbose", "--help", "-h", "--disable-integrity-checking", "--tracing", "--profiling", "--logflow", "--fully-qualify-stack-names"];

    private static readonly string[] StackFlag = ["--stack", "-s"];

    private static readonly string[] UpdateFlags =
    [
        .. StackFlag, "--yes", "-y", "--skip-preview", "-f", "--refresh", "-r", "--diff", "--target", "-t", "--target-dependents", "--replace",
        "--exclude", "--exclude-dependents", "--expect-no-changes", "--json", "-j", "--parallel", "-p", "--message", "-m", "--config", "-c",
        "--config-file", "--config-path", "--secrets-provider", "--show-config", "--show-reads", "--show-sames", "--show-replacement-steps",
        "--suppress-outputs", "--suppress-progress", "--suppress-permalink", "--policy-pack", "--policy-pack-config", "--debug", "-d",
        "--continue-on-error", "--run-program", "--attach-debugger", "--import-file", "--save-plan", "--plan",
    ];

    private static readonly Dictionary<string, string[]> Verbs = new(StringComparer.Ordinal)
    {
        ["about"] = [.. StackFlag, "--json", "-j", "--transitive", "-t"],
        ["cancel"] = [.. StackFlag, "--yes", "-y"],
        ["config"] = [.. StackFlag, "--json", "-j", "--show-secrets", "--config-file", "--open"],
        ["config get"] = [.. StackFlag, "--json", "-j", "--path", "--config-file", "--open"],
        ["config set"] = [.. StackFlag, "--secret", "--plaintext", "--path", "--type", "--config-file"],
        ["config set-all"] = [.. StackFlag, "--secret", "--plaintext", "--path", "--json", "--config-file"],
        ["config rm"] = [.. StackFlag, "--path", "--config-file"],
        ["config rm-all"] = [.. StackFlag, "--path", "--config-file"],
        ["config refresh"] = [.. StackFlag, "--force", "-f", "--config-file"],
        ["config cp"] = [.. StackFlag, "--dest", "-d", "--path", "--config-file"],
        ["destroy"] = [.. UpdateFlags, "--exclude-protected", "--remove", "--preview-only"],
        ["import"] = [.. StackFlag, "--yes", "-y", "--file", "-f", "--out", "-o", "--protect", "--parent", "--provider", "--skip-preview", "--generate-code", "--from", "--diff", "--message", "-m", "--json", "-j"],
        ["login"] = ["--local", "-l", "--cloud-url", "-c", "--default-org", "--insecure", "--interactive", "-i"],
        ["logout"] = ["--all", "--local", "-l", "--cloud-url", "-c"],
        ["new"] = [.. StackFlag, "--name", "-n", "--description", "-d", "--dir", "--force", "--yes", "-y", "--secrets-provider", "--config", "-c", "--generate-only", "-g", "--language", "-l"],
        ["org get-default"] = [],
        ["org set-default"] = [],
        ["plugin ls"] = ["--project", "-p", "--json", "-j"],
        ["plugin rm"] = ["--all", "-a", "--yes", "-y"],
        ["plugin install"] = ["--server", "--exact", "--file", "-f", "--reinstall"],
        ["preview"] = [.. UpdateFlags],
        ["refresh"] = [.. UpdateFlags, "--clear-pending-creates", "--skip-pending-creates", "--import-pending-creates", "--preview-only"],
        ["stack"] = [.. StackFlag, "--show-ids", "-i", "--show-urns", "-u", "--show-name", "--show-secrets"],
        ["stack init"] = [.. StackFlag, "--secrets-provider", "--copy-config-from", "--no-select", "--teams"],
        ["stack select"] = [.. StackFlag, "--create", "-c", "--secrets-provider"],
        ["stack ls"] = ["--all", "-a", "--json", "-j", "--organization", "-o", "--project", "-p", "--tag", "-t"],
        ["stack output"] = [.. StackFlag, "--json", "-j", "--shell", "--show-secrets"],
        ["stack export"] = [.. StackFlag, "--file", "--show-secrets", "--version"],
        ["stack import"] = [.. StackFlag, "--file", "--force"],
        ["stack history"] = [.. StackFlag, "--json", "-j", "--show-secrets", "--page-size", "--page", "--full-dates"],
        ["stack rm"] = [.. StackFlag, "--force", "-f", "--preserve-config", "--yes", "-y"],
        ["stack rename"] = [.. StackFlag],
        ["stack unselect"] = [],
        ["stack change-secrets-provider"] = [.. StackFlag],
        ["stack tag set"] = [.. StackFlag],
        ["stack tag ls"] = [.. StackFlag, "--json", "-j"],
        ["stack tag rm"] = [.. StackFlag],
        ["state delete"] = [.. StackFlag, "--force", "-f", "--yes", "-y", "--target-dependents", "--all"],
        ["state unprotect"] = [.. StackFlag, "--all", "--yes", "-y"],
        ["state protect"] = [.. StackFlag, "--all", "--yes", "-y"],
        ["state rename"] = [.. StackFlag, "--yes", "-y"],
        ["state edit"] = [.. StackFlag],
        ["state move"] = ["--source", "--dest", "--include-parents", "--yes", "-y"],
        ["state upgrade"] = ["--yes", "-y"],
        ["up"] = [.. UpdateFlags],
        ["version"] = [],
        ["whoami"] = ["--json", "-j", "--verbose", "-v"],
    };

    /// <summary>The problem with a <c>pulumi …</c> command, or null.</summary>
    public static string? Check(IReadOnlyList<string> tokens)
    {
        var words = tokens.Skip(1).TakeWhile(t => !t.StartsWith('-')).ToList();
        var verb = Enumerable.Range(1, Math.Min(3, words.Count)).Reverse().Select(n => string.Join(' ', words.Take(n))).FirstOrDefault(Verbs.ContainsKey);
        if (verb is null)
        {
            return $"pulumi has no verb '{string.Join(' ', words.Take(2))}' in PulumiCli's list (from Pulumi's CLI reference)";
        }

        // A group's word followed by a word that is none of its subcommands ('stack slect').
        var count = verb.Split(' ').Length;
        if (words.Count > count && Verbs.Keys.Any(k => k.StartsWith(verb + " ", StringComparison.Ordinal)))
        {
            return $"pulumi has no verb '{verb} {words[count]}' in PulumiCli's list (from Pulumi's CLI reference)";
        }

        var flags = tokens.Skip(1).TakeWhile(t => t != "--").Where(t => t.StartsWith('-') && t.Length > 1).Select(t => t.Split('=')[0]);
        var unknown = flags.Where(f => !Verbs[verb].Contains(f, StringComparer.Ordinal) && !Global.Contains(f, StringComparer.Ordinal)).ToList();
        return unknown.Count == 0 ? null : string.Join("; ", unknown.Select(f => $"'{f}' is not a flag of 'pulumi {verb}'"));
    }
}
