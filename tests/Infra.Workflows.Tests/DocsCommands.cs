using System.Text;
using System.Text.RegularExpressions;
using Infra.TestKit;

namespace Infra.Workflows.Tests;

/// <summary>
/// The commands of every <c>sh</c> block in the README, <c>docs/**/*.md</c> and <c>app/CONTRACT.md</c>: one per
/// line (a trailing <c>\</c> joins lines), comments dropped, split at <c>&amp;&amp;</c>, <c>||</c>, <c>;</c> and
/// <c>|</c>, and each <c>$(…)</c> a command of its own.
/// </summary>
internal static partial class DocsCommands
{
    /// <summary>The documents read: the README, <c>app/CONTRACT.md</c> and every page under <c>docs/</c>.</summary>
    public static IEnumerable<string> Files() => new[] { "README.md", "app/CONTRACT.md" }
        .Concat(Directory.EnumerateFiles(Repository.PathOf("docs"), "*.md", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Repository.Root, f)))
        .Order(StringComparer.Ordinal);

    public static IEnumerable<DocCommand> All()
    {
        foreach (var file in Files())
        {
            var lines = File.ReadAllLines(Repository.PathOf(file));
            var inBlock = false;
            var pending = new StringBuilder();
            var start = 0;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    inBlock = !inBlock && line.Trim() == "```sh";
                    pending.Clear();
                    continue;
                }

                if (!inBlock)
                {
                    continue;
                }

                if (pending.Length == 0)
                {
                    start = i + 1;
                }

                var code = WithoutComment(line).Trim();
                if (code.EndsWith('\\'))
                {
                    pending.Append(code[..^1]).Append(' ');
                    continue;
                }

                pending.Append(code);
                var text = pending.ToString().Trim();
                pending.Clear();
                foreach (var command in Split(text).Where(c => c.Length > 0))
                {
                    yield return new DocCommand($"{file}:{start}", command, Tokens(command));
                }
            }
        }
    }

    /// <summary>Shell words, quotes removed; a <c>&lt;placeholder with spaces&gt;</c> is one word.</summary>
    public static IReadOnlyList<string> Tokens(string command)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var inToken = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (c is '\'' or '"')
            {
                var end = command.IndexOf(c, i + 1);
                end = end < 0 ? command.Length : end;
                current.Append(command, i + 1, end - i - 1);
                i = end;
                inToken = true;
            }
            else if (c == '<' && !inToken && command.IndexOf('>', i) is var close && close > i)
            {
                current.Append(command, i, close - i + 1);
                i = close;
                inToken = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inToken)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    inToken = false;
                }
            }
            else
            {
                current.Append(c);
                inToken = true;
            }
        }

        if (inToken)
        {
            tokens.Add(current.ToString());
        }

        // Leading VAR=value assignments are the environment of the command, not the command.
        return [.. tokens.SkipWhile(t => Assignment().IsMatch(t) && tokens.Count > 1)];
    }

    // " #" starts a comment outside quotes.
    private static string WithoutComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is null && (c is '\'' or '"'))
            {
                quote = c;
            }
            else if (c == quote)
            {
                quote = null;
            }
            else if (quote is null && c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[..i];
            }
        }

        return line;
    }

    // The inner $(…) commands, then the line with each replaced by a plain word, split at && || ; |.
    private static IEnumerable<string> Split(string text)
    {
        var inner = Substitution().Matches(text).Select(m => m.Groups["inner"].Value.Trim()).ToList();
        var outer = Substitution().Replace(text, "SUBSTITUTED");
        return inner.SelectMany(Split).Concat(AtSeparators(outer).Select(p => p.Trim()));
    }

    // Splits at && || ; | outside quotes and <placeholders>.
    private static IEnumerable<string> AtSeparators(string text)
    {
        var start = 0;
        char? closing = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (closing is not null)
            {
                closing = c == closing ? null : closing;
            }
            else if (c is '\'' or '"')
            {
                closing = c;
            }
            else if (c == '<' && text.IndexOf('>', i) > i)
            {
                closing = '>';
            }
            else if (c is ';' or '|' || (c == '&' && i + 1 < text.Length && text[i + 1] == '&'))
            {
                yield return text[start..i];
                i += i + 1 < text.Length && text[i + 1] == c ? 1 : 0;
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    [GeneratedRegex(@"\$\((?<inner>[^()]*)\)")]
    private static partial Regex Substitution();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*=")]
    private static partial Regex Assignment();
}
