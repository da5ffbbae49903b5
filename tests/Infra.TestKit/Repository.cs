using Infra.Blueprint.Settings;

namespace Infra.TestKit;

/// <summary>The repository the tests run in: its root and its stack files.</summary>
public static class Repository
{
    /// <summary>The directory holding <c>Infra.sln</c> and <c>Pulumi.yaml</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The stacks the repository ships.</summary>
    public static IReadOnlyList<string> Stacks { get; } = ["staging", "prod"];

    /// <summary>Loads a shipped stack's config as the Pulumi engine would hand it over.</summary>
    public static StackConfig Stack(string stack) => StackFiles.Load(Root, stack);

    /// <summary>A file of the repository, by path relative to the root.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Infra.sln")) && File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Infra.sln above {AppContext.BaseDirectory}");
    }
}
