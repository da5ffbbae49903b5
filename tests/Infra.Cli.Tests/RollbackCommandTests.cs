using System.Text.Json;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.TestKit;

namespace Infra.Cli.Tests;

/// <summary><c>rollback</c> against a copy of the repository's project and stack file, with a releases output given as a file.</summary>
public sealed class RollbackCommandTests : IDisposable
{
    private static readonly string Previous = "ghcr.io/example/infra-app:0.9.0@sha256:" + new string('9', 64);
    private readonly TempDirectory _project = new("rollback-project");
    private readonly string _current;

    public RollbackCommandTests()
    {
        File.Copy(Repository.PathOf("Pulumi.yaml"), _project.File("Pulumi.yaml"));
        File.Copy(Repository.PathOf("Pulumi.prod.yaml"), _project.File("Pulumi.prod.yaml"));
        _current = Repository.Stack("prod").ToSettings(checkSecrets: false).App.Image.ToString();
    }

    private string Releases(params string[] images)
    {
        var history = images.Select((image, i) => new Release(image, new DateTimeOffset(2026, 11, 20 - i, 0, 0, 0, TimeSpan.Zero), $"commit {i}")).ToList();
        var path = _project.File("releases.json");
        File.WriteAllText(path, JsonSerializer.Serialize(ReleaseHistory.ToOutput(history)));
        return path;
    }

    [Fact]
    public async Task RollbackWritesThePreviousImageIntoTheStackFileAndKeepsTheRestOfIt()
    {
        var before = File.ReadAllText(_project.File("Pulumi.prod.yaml"));

        var run = await CliRun.RunAsync("rollback", "--stack", "prod", "--project", _project.Path, "--releases", Releases(_current, Previous));

        Assert.True(run.ExitCode == 0, run.ToString());
        var after = File.ReadAllText(_project.File("Pulumi.prod.yaml"));
        Assert.Equal(before.Replace(_current, Previous, StringComparison.Ordinal), after);
        Assert.Equal(Previous, StackFiles.Load(_project.Path, "prod").ToSettings(checkSecrets: false).App.Image.ToString());
        Assert.Contains($"{ReleaseHistory.SourceVariable}='rollback to #1' pulumi up --stack prod", run.Output);
    }

    [Fact]
    public async Task RollbackWithoutAnOlderReleaseChangesNothing()
    {
        var before = File.ReadAllText(_project.File("Pulumi.prod.yaml"));

        var run = await CliRun.RunAsync("rollback", "--stack", "prod", "--project", _project.Path, "--to", "2", "--releases", Releases(_current, Previous));

        Assert.Equal(PlanCommand.InvalidSettings, run.ExitCode);
        Assert.Contains("choose --to 1…1", run.Error);
        Assert.Equal(before, File.ReadAllText(_project.File("Pulumi.prod.yaml")));
    }

    public void Dispose() => _project.Dispose();
}
