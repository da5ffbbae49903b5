using System.Text.RegularExpressions;
using Infra.TestKit;

namespace Infra.Workflows.Tests;

/// <summary>The docs point only at what the repository holds: every relative link resolves to one of its files.</summary>
public sealed partial class DocsLinksTests
{
    [Fact]
    public void EveryRelativeLinkInTheDocsPointsAtAFileOfTheRepository()
    {
        var files = new[] { "README.md", "app/CONTRACT.md", "tests/images/README.md" }
            .Concat(Directory.EnumerateFiles(Repository.PathOf("docs"), "*.md", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Repository.Root, f)))
            .Where(f => File.Exists(Repository.PathOf(f)));

        var broken = files.SelectMany(file => File.ReadAllLines(Repository.PathOf(file)).SelectMany((line, i) => Link().Matches(line)
                .Select(m => m.Groups["target"].Value.Split('#')[0])
                .Where(t => t.Length > 0 && !t.Contains("://", StringComparison.Ordinal) && !t.StartsWith("mailto:", StringComparison.Ordinal))
                .Select(t => (Where: $"{file}:{i + 1}", Target: t, Resolved: Path.GetFullPath(Path.Combine(Repository.PathOf(Path.GetDirectoryName(file)!), t))))))
            .Where(l => !l.Resolved.StartsWith(Repository.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !(File.Exists(l.Resolved) || Directory.Exists(l.Resolved)))
            .Select(l => $"{l.Where}: ({l.Target}) is not a file of the repository")
            .ToList();

        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();
}
