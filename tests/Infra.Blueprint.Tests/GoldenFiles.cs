using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests;

/// <summary>
/// Golden copies of the rendered files, so a change in rendering shows up as a reviewable diff. A file every stack
/// renders alike is kept once, under <c>Golden/shared/</c>; the others under <c>Golden/&lt;stack&gt;/</c>. Files the
/// plan copies verbatim from the repository (the dashboards) have no copy: they are compared with their source.
/// Refresh with <c>UPDATE_GOLDEN=1 ./test.sh</c>.
/// </summary>
public static class GoldenFiles
{
    /// <summary>The folder shared by the stacks.</summary>
    public const string Shared = "shared";

    private static string Root => Path.Combine(Repository.Root, "tests", "Infra.Blueprint.Tests", "Golden");

    /// <summary>Compares (or, with UPDATE_GOLDEN=1, rewrites) the golden copies of the plans' files; returns the mismatches.</summary>
    public static IReadOnlyList<string> Mismatches(IReadOnlyList<Plan> plans)
    {
        var update = Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";
        var mismatches = new List<string>();
        var verbatim = Dashboards.All.ToDictionary(d => $"configs/dashboard-{d.FileName}", d => Repository.PathOf($"infra/Infra.Blueprint/Monitoring/dashboards/{d.FileName}"));
        var expected = new Dictionary<string, string>();
        foreach (var group in plans.SelectMany(p => p.Files.Select(f => (p.Stack, File: f))).GroupBy(x => x.File.Path))
        {
            if (verbatim.TryGetValue(group.Key, out var source))
            {
                mismatches.AddRange(group.Where(x => File.ReadAllText(source) != x.File.Content).Select(x => $"{x.Stack}/{group.Key}: is not a verbatim copy of {Path.GetRelativePath(Repository.Root, source)}"));
                continue;
            }

            var shared = group.Count() == plans.Count && group.Select(x => x.File.Content).Distinct().Count() == 1;
            foreach (var (stack, file) in shared ? group.Take(1) : group)
            {
                expected[Path.GetFullPath(Path.Combine(Root, shared ? Shared : stack, file.Path))] = file.Content;
            }
        }

        foreach (var (path, content) in expected)
        {
            var name = Path.GetRelativePath(Root, path);
            if (update)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content);
            }
            else if (!File.Exists(path))
            {
                mismatches.Add($"{name}: no golden copy (run UPDATE_GOLDEN=1 ./test.sh and review the new file)");
            }
            else if (File.ReadAllText(path) != content)
            {
                mismatches.Add($"{name}: differs from its golden copy (git diff after UPDATE_GOLDEN=1 ./test.sh shows how)");
            }
        }

        foreach (var stale in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Where(p => !expected.ContainsKey(Path.GetFullPath(p))))
        {
            if (update)
            {
                File.Delete(stale);
            }
            else
            {
                mismatches.Add($"{Path.GetRelativePath(Root, stale)}: golden copy of a file no plan renders (or renders alike in every stack: it belongs under {Shared}/)");
            }
        }

        return mismatches;
    }
}
