using Infra.TestKit;

namespace Infra.Cli.Tests;

/// <summary><c>plan</c> against a copy of the repository's project: bad stack files and output folders end in one message and exit 2, before anything is printed or written.</summary>
public sealed class PlanCommandTests : IDisposable
{
    private readonly TempDirectory _project = new("plan-project");

    public PlanCommandTests()
    {
        File.Copy(Repository.PathOf("Pulumi.yaml"), _project.File("Pulumi.yaml"));
        File.Copy(Repository.PathOf("Pulumi.staging.yaml"), _project.File("Pulumi.staging.yaml"));
    }

    private Task<CliRun> Plan(params string[] extra) => CliRun.RunAsync(["plan", "--stack", "staging", "--project", _project.Path, .. extra]);

    private static void AssertRefused(CliRun run, string expected)
    {
        Assert.True(run.ExitCode == ExitCodes.BadInput, $"expected exit {ExitCodes.BadInput} (bad input), got {run}");
        Assert.Contains(expected, run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task AYamlErrorInAFlowCollectionIsOneLineNamingTheFileAndExit2()
    {
        File.AppendAllText(_project.File("Pulumi.staging.yaml"), "  infra:edge.gzip: [2\n");

        var run = await Plan();

        AssertRefused(run, "Pulumi.staging.yaml: not valid YAML at line");
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task OutAtAFileIsRefusedBeforeTheTopologyIsPrinted()
    {
        var file = _project.Write("out", "not a folder");

        AssertRefused(await Plan("--out", file), $"--out {file}: is a file");
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [Fact]
    public async Task OutBelowAFileIsRefusedNamingTheFile()
    {
        var file = _project.Write("out", "not a folder");

        AssertRefused(await Plan("--out", Path.Combine(file, "staging")), $"{file} is a file");
    }

    [Fact]
    public async Task OutIntoAFolderThatIsNotAnEarlierPlanIsRefusedAndLeftAlone()
    {
        var keep = _project.Write("work/notes.txt", "mine");

        AssertRefused(await Plan("--out", _project.File("work")), "not an earlier plan");
        Assert.Equal("mine", File.ReadAllText(keep));
        Assert.Single(Directory.EnumerateFileSystemEntries(_project.File("work")));
    }

    [Fact]
    public async Task OutIntoAnEarlierPlanReplacesItsContentsAndCountsTrue()
    {
        var output = _project.File("out/staging");
        Assert.Equal(0, (await Plan("--out", output)).ExitCode);
        _project.Write("out/staging/hosts/node-9/bootstrap.sh", "# a host the stack no longer has\n");

        var run = await Plan("--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.False(Directory.Exists(Path.Combine(output, "hosts", "node-9")), "the earlier plan's host node-9 is still in --out");
        var written = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Count();
        Assert.Contains($"wrote {written} files to {output}", run.Output);
        Assert.Equal(["staging"], Directory.EnumerateFileSystemEntries(_project.File("out")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task PlanSaysWhichChecksItCouldNotMakeWithoutCredentials()
    {
        var run = await Plan();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("not checked by plan (it runs without credentials)", run.Output);
        Assert.Contains("infra:ssh.privateKey: not set yet; pulumi config set --secret infra:ssh.privateKey <value> --stack staging", run.Output);
        // The provider's token, which the DNS records, the zone settings and the edge update's DNS steps use.
        Assert.Contains("cloudflare:apiToken: not set yet; pulumi config set --secret cloudflare:apiToken <value> --stack staging", run.Output);
    }

    [Fact]
    public async Task ATypoInTheCloudflareNamespaceWarnsWithTheKeyMeant()
    {
        File.AppendAllText(_project.File("Pulumi.staging.yaml"), "  cloudflare:apitoken:\n    secure: v1:AAAA\n");

        var run = await Plan();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("warning: Pulumi.staging.yaml: 'cloudflare:apitoken' is not read by the Cloudflare provider; did you mean 'cloudflare:apiToken'?", run.Error);
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("plan", "--stack")]
    [InlineData("deploy", "--stack", "staging")]
    [InlineData("rollback", "--stack", "prod", "--to", "one")]
    public async Task ArgumentsThatDoNotParseExit2WithTheProblem(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains("infra --help", run.Error);
    }

    public void Dispose() => _project.Dispose();
}
