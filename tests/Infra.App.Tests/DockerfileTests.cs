using Infra.Contract;

namespace Infra.App.Tests;

/// <summary>No Docker engine runs here, so the Dockerfile is held to the contract by reading it.</summary>
public sealed class DockerfileTests
{
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "app", "Dockerfile"));

    [Fact]
    public void EveryBaseImageIsPinnedByDigest()
    {
        var froms = Lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.True(froms.Count >= 2, "expected a build stage and a final stage");
        Assert.All(froms, from => Assert.Matches(@"^FROM \S+:\S+@sha256:[0-9a-f]{64}( AS \w+)?$", from));
    }

    [Fact]
    public void TheImageExposesTheContractPortAndRunsAsNonRoot()
    {
        Assert.Contains($"EXPOSE {AppContract.Port}", Lines);
        var user = Lines.Last(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotMatch(@"^USER (root|0)(:|$)", user);
        Assert.Contains("STOPSIGNAL SIGTERM", Lines);
    }

    [Fact]
    public void TheHealthcheckRunsTheContractVerb()
    {
        var healthcheck = Assert.Single(Lines, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));

        Assert.EndsWith($"CMD [\"dotnet\", \"Infra.App.dll\", \"{AppContract.Commands.HealthCheck}\"]", healthcheck);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"Infra.App.dll\"]", Lines);
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Infra.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No Infra.sln above {AppContext.BaseDirectory}.");
    }
}
