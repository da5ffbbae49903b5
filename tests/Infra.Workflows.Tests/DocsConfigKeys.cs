using System.Text.RegularExpressions;
using Infra.Blueprint.Settings;
using Infra.TestKit;

namespace Infra.Workflows.Tests;

/// <summary>
/// The config keys the docs name: in <c>pulumi config set|get|rm</c> commands and in <c>yaml</c> blocks of stack files.
/// Each must be one the settings reader knows (<see cref="ConfigKeys.All"/>, <c>infra:app.secret.NAME</c>, a provider's
/// secret key), and a secret key is set only with <c>--secret</c>.
/// </summary>
internal static partial class DocsConfigKeys
{
    // Flags of `pulumi config set|get|rm` that take a value (the next word).
    private static readonly string[] ValueFlags = ["--stack", "-s", "--type", "--config-file"];

    /// <summary>The problem with the key of a <c>pulumi config …</c> command, or null (also for any other command).</summary>
    public static string? Check(IReadOnlyList<string> tokens)
    {
        if (tokens.Count < 3 || tokens[1] != "config" || tokens[2] is not ("set" or "get" or "rm"))
        {
            return null;
        }

        var key = Positional(tokens.Skip(3).ToList());
        if (key is null)
        {
            return null;
        }

        if (Problem(key) is { } problem)
        {
            return problem;
        }

        return tokens[2] == "set" && IsSecret(key) && !tokens.Contains("--secret")
            ? $"{key} is a secret: set it with 'pulumi config set --secret {key} …', or Pulumi stores it in plain text"
            : null;
    }

    /// <summary>Why <paramref name="key"/> is not a key Infra reads, or null. <c>&lt;…&gt;</c> and <c>…</c> stand for a key left to the reader.</summary>
    public static string? Problem(string key)
    {
        if (key.StartsWith('<') || key.Contains('…', StringComparison.Ordinal) || key == "NAME")
        {
            return null;
        }

        if (Known.Contains(key) || ConfigKeys.ProviderSecrets.Contains(key))
        {
            return null;
        }

        var prefix = $"{ConfigKeys.Namespace}:{ConfigKeys.AppSecretPrefix}";
        if (key.StartsWith(prefix, StringComparison.Ordinal))
        {
            return SecretName().IsMatch(key[prefix.Length..]) ? null : $"{key}: an app secret's name is upper-case letters, digits and '_'";
        }

        return $"{key} is not a config key Infra reads (ConfigKeys.All, {prefix}NAME or {string.Join(", ", ConfigKeys.ProviderSecrets)})";
    }

    /// <summary>Every <c>namespace:key</c> written as a mapping key in a <c>yaml</c> block of the README, <c>docs/**</c> and <c>app/CONTRACT.md</c>.</summary>
    public static IEnumerable<(string Where, string Key)> InYamlBlocks()
    {
        foreach (var file in DocsCommands.Files())
        {
            var lines = File.ReadAllLines(Repository.PathOf(file));
            var inBlock = false;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    inBlock = !inBlock && line == "```yaml";
                    continue;
                }

                if (inBlock && YamlKey().Match(lines[i]) is { Success: true } match)
                {
                    yield return ($"{file}:{i + 1}", match.Groups["key"].Value);
                }
            }
        }
    }

    private static readonly HashSet<string> Known = [.. ConfigKeys.All.Select(k => k.FullName)];

    private static bool IsSecret(string key) =>
        ConfigKeys.Secrets.Any(k => k.FullName == key) || ConfigKeys.ProviderSecrets.Contains(key)
        || key.StartsWith($"{ConfigKeys.Namespace}:{ConfigKeys.AppSecretPrefix}", StringComparison.Ordinal);

    // The first word that is neither a flag nor a flag's value; words after `--` are the value.
    private static string? Positional(List<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] == "--")
            {
                return null;
            }

            if (words[i].StartsWith('-'))
            {
                i += ValueFlags.Contains(words[i]) ? 1 : 0;
                continue;
            }

            return words[i];
        }

        return null;
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial Regex SecretName();

    // `  infra:app.workers:` (a mapping key at any depth, of a namespace Pulumi would hand the program).
    [GeneratedRegex(@"^\s*(?<key>(infra|cloudflare):[A-Za-z0-9_.]+):(\s|$)")]
    private static partial Regex YamlKey();
}
