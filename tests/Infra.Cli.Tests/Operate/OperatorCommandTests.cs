using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Infra.TestKit;

namespace Infra.Cli.Tests.Operate;

/// <summary>
/// The operator commands without a server: what each runs, pinned (<c>--dry-run</c> against the shipped staging stack,
/// golden copies under <c>Golden/operate/</c>, refreshed with UPDATE_GOLDEN=1), bad input refused before anything runs,
/// and a stack whose host refuses the connection refused in one line. The hosts tier runs them over real SSH.
/// </summary>
public sealed partial class OperatorCommandTests
{
    private static string Golden(string name) => Path.Combine(Repository.Root, "tests", "Infra.Cli.Tests", "Golden", "operate", $"{name}.txt");

    [Theory]
    [InlineData("ps", new[] { "ps" })]
    [InlineData("logs", new[] { "logs", "app", "--since", "10m", "--tail", "100", "--grep", "error|warn" })]
    [InlineData("exec", new[] { "exec", "--entrypoint", "sh -c", "--timeout", "120", "--", "echo $POSTGRES_HOST" })]
    [InlineData("backup-now", new[] { "backup-now" })]
    [InlineData("restore-drill-now", new[] { "restore-drill-now" })]
    public async Task DryRunPrintsTheSshCommandAndTheScriptAndRunsNothing(string golden, string[] args)
    {
        var run = await CliRun.RunAsync([args[0], "--stack", "staging", "--project", Repository.Root, "--dry-run", .. args[1..]]);

        Assert.True(run.ExitCode == 0, $"{golden} --dry-run: {run}");
        var output = RunId().Replace(run.Output, "exec-<utc time>");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Golden(golden))!);
            File.WriteAllText(Golden(golden), output);
        }

        Assert.True(File.Exists(Golden(golden)), $"{golden}: no golden copy of its dry run at {Golden(golden)} (run UPDATE_GOLDEN=1 and review it)");
        Assert.True(File.ReadAllText(Golden(golden)) == output, $"{golden} --dry-run differs from {Path.GetRelativePath(Repository.Root, Golden(golden))}:\n{output}");
    }

    [Theory]
    [InlineData("SERVICE: stack 'staging' plans no service 'web'", new[] { "logs", "web" })]
    [InlineData("--since: '5 minutes' is neither a duration nor a timestamp", new[] { "logs", "edge", "--since", "5 minutes" })]
    [InlineData("--timeout: 0 s; use a positive number", new[] { "exec", "--timeout", "0", "--", "migrate" })]
    [InlineData("Pulumi.nosuch.yaml", new[] { "ps", "--stack", "nosuch" })]
    public async Task BadInputExitsTwoNamingTheOptionAndTheFixAndRunsNothing(string problem, string[] args)
    {
        var run = await CliRun.RunAsync([args[0], .. args.Contains("--stack") ? Array.Empty<string>() : ["--stack", "staging"], "--project", Repository.Root, .. args[1..]]);

        Assert.True(run.ExitCode == 2, $"{string.Join(' ', args)}: expected exit 2 (bad input); {run}");
        Assert.Contains(problem, run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task AStackWhoseHostRefusesSshIsRefusedInOneLineWithExitOne()
    {
        using var project = new TempDirectory("opscli-unreachable");
        var port = ClosedPort();
        File.Copy(Repository.PathOf("Pulumi.yaml"), project.File("Pulumi.yaml"));
        var stack = File.ReadAllText(Repository.PathOf("Pulumi.staging.yaml"))
            .Replace("node-1 203.0.113.10 ", "node-1 127.0.0.1 ", StringComparison.Ordinal)
            .Replace("config:\n", $"config:\n  infra:ssh.port: {port}\n  infra:ssh.knownHostsFile: {project.File("known_hosts")}\n", StringComparison.Ordinal);
        File.WriteAllText(project.File("Pulumi.staging.yaml"), stack);

        var run = await CliRun.RunAsync("ps", "--stack", "staging", "--project", project.Path);

        Assert.True(run.ExitCode == 1, $"ps against a closed port: expected exit 1; {run}");
        Assert.Contains($"ps: cannot reach stack 'staging': ssh deploy@127.0.0.1 port {port} (node-1) failed:", run.Error, StringComparison.Ordinal);
        Assert.Contains("refused", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    // A loopback port nothing listens on: bound, then released.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"exec-[0-9]{8}t[0-9]{6}")]
    private static partial Regex RunId();
}
