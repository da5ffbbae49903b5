using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests;

/// <summary>
/// Golden copies of every rendered file, under <c>tests/Infra.Blueprint.Tests/Golden/&lt;stack&gt;/</c>.
/// A change in rendering shows up as a reviewable diff. Refresh with <c>UPDATE_GOLDEN=1 ./test.sh</c>.
/// </summary>
public static class GoldenFiles
{
    /// <summary>Compares (or, with UPDATE_GOLDEN=1, rewrites) the golden copies of a plan's files; returns the mismatches.</summary>
    public static IReadOnlyList<string> Mismatches(Plan plan)
    {
        var root = Path.Combine(Repository.Root, "tests", "Infra.Blueprint.Tests", "Golden", plan.Stack);
        var update = Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";
        var mismatches = new List<string>();
        foreach (var file in plan.Files)
        {
            var path = Path.Combine(root, file.Path);
            if (update)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Content);
            }
            else if (!File.Exists(path))
            {
                mismatches.Add($"{file.Path}: no golden copy (run UPDATE_GOLDEN=1 ./test.sh and review the new file)");
            }
            else if (File.ReadAllText(path) != file.Content)
            {
                mismatches.Add($"{file.Path}: differs from its golden copy (git diff after UPDATE_GOLDEN=1 ./test.sh shows how)");
            }
        }

        var rendered = plan.Files.Select(f => Path.GetFullPath(Path.Combine(root, f.Path))).ToHashSet();
        if (Directory.Exists(root))
        {
            mismatches.AddRange(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(p => !rendered.Contains(Path.GetFullPath(p)))
                .Select(p => $"{Path.GetRelativePath(root, p)}: golden copy of a file the plan no longer renders"));
        }

        return mismatches;
    }
}
