using System.Globalization;
using System.Text.Json;
using Infra.Cli.Verify;
using Infra.Loopback;
using Infra.TestKit;

namespace Infra.Cli.Tests;

/// <summary>
/// <c>verify --stack staging</c> pointed at the loopback request path the way a user points it at an origin: the
/// stack's host names pinned with --resolve, the self-signed certificate trusted with --ca.
/// </summary>
[Collection(VerifyCollection.Name)]
public sealed class VerifyCommandTests(VerifyFixture fixture)
{
    private LoopbackTopology Topology => fixture.Topology;

    private string[] Verify(params string[] extra)
    {
        var settings = Topology.CurrentSettings;
        return
        [
            "verify", "--stack", "staging", "--project", Repository.Root, "--json",
            "--url", $"https://{settings.Domain}:{Topology.HttpsAddress.Port.ToString(CultureInfo.InvariantCulture)}",
            "--http-port", Topology.HttpAddress.Port.ToString(CultureInfo.InvariantCulture),
            "--resolve", $"{settings.Domain}:127.0.0.1",
            "--resolve", $"{settings.Monitoring.GrafanaHostname}:127.0.0.1",
            "--ca", Topology.Runtime.CertificatePath,
            .. extra,
        ];
    }

    private static (IReadOnlyList<string> Failed, IReadOnlyDictionary<string, string> Details) Parse(CliRun run)
    {
        using var report = JsonDocument.Parse(run.Output);
        var failed = report.RootElement.GetProperty("failed").EnumerateArray().Select(e => e.GetString()!).ToList();
        var details = report.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => $"{c.GetProperty("outcome").GetString()}: {c.GetProperty("detail").GetString()}");
        return (failed, details);
    }

    [Fact]
    public async Task EveryCheckPassesAgainstTheLoopbackRequestPath()
    {
        var run = await CliRun.RunAsync(Verify());

        Assert.True(run.ExitCode == 0, run.ToString());
        var (failed, details) = Parse(run);
        Assert.Empty(failed);
        Assert.Equal(Checks.All, details.Keys);
        Assert.All(details, d => Assert.StartsWith("pass", d.Value, StringComparison.Ordinal));
        using var report = JsonDocument.Parse(run.Output);
        var load = report.RootElement.GetProperty("load");
        Assert.Equal(LoadBar.DefaultRequests, load.GetProperty("requests").GetInt32());
        Assert.Equal(0, load.GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task TheTableNamesEveryCheckAndTheVerdict()
    {
        var run = await CliRun.RunAsync([.. Verify("--requests", "50").Where(a => a != "--json")]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.All(Checks.All, name => Assert.Matches($"│ {name} +│ pass", run.Output));
        Assert.Contains("every check passed", run.Output);
    }

    [Fact]
    public async Task ACertificateNotSignedByTheGivenCaFailsTheTlsCheck()
    {
        using var other = new TempDirectory("verify-other-ca");
        var (otherCertificate, _) = SelfSignedCertificate.Create(other, Topology.CurrentSettings.Domain);
        var args = Verify("--requests", "20");
        args[Array.IndexOf(args, "--ca") + 1] = otherCertificate;

        var run = await CliRun.RunAsync(args);

        Assert.Equal(VerifyCommand.ChecksFailed, run.ExitCode);
        var (failed, details) = Parse(run);
        Assert.Contains(Checks.Tls, failed);
        Assert.Contains("untrusted chain", details[Checks.Tls]);
        // Plain HTTP does not touch the certificate: only the redirect still passes.
        Assert.Equal(Checks.All.Where(c => c != Checks.Redirect), failed);
        Assert.Contains($"verify failed: {string.Join(", ", failed)}", run.Error);
    }

    [Fact]
    public async Task AnEdgeThatDropsASecurityHeaderFailsTheHeadersCheckOnly()
    {
        await Topology.Nginx.ReloadAsync(Topology.Render().Replace("add_header X-Frame-Options DENY always;", "", StringComparison.Ordinal));
        try
        {
            var run = await CliRun.RunAsync(Verify("--requests", "50"));

            var (failed, details) = Parse(run);
            Assert.Equal([Checks.Headers], failed);
            Assert.Contains("X-Frame-Options missing", details[Checks.Headers]);
        }
        finally
        {
            await Topology.ReloadNginxAsync();
        }
    }

    [Fact]
    public async Task AReadinessThatAnswers503FailsTheReadinessCheck()
    {
        await Topology.Platform.Postgres.StopAsync();
        try
        {
            var run = await CliRun.RunAsync(Verify("--requests", "50"));

            var (failed, details) = Parse(run);
            Assert.Equal([Checks.Readiness, Checks.Health, Checks.Load], failed);
            Assert.Contains($"{Topology.CurrentSettings.App.HealthPath}: 503 unhealthy", details[Checks.Readiness]);
            Assert.Contains("503 ×", details[Checks.Load]);
        }
        finally
        {
            await Topology.Platform.Postgres.StartProcessAsync();
            await WaitUntilReadyAsync();
        }
    }

    [Fact]
    public async Task ADeadHttpPortFailsTheRedirectCheckOnly()
    {
        var args = Verify("--requests", "50");
        args[Array.IndexOf(args, "--http-port") + 1] = TestKit.Loopback.FreePort().ToString(CultureInfo.InvariantCulture);

        var run = await CliRun.RunAsync(args);

        var (failed, details) = Parse(run);
        Assert.Equal([Checks.Redirect], failed);
        Assert.Contains("connection refused", details[Checks.Redirect]);
    }

    [Fact]
    public async Task BadOptionsAreReportedAllAtOnceWithoutRunningAnyCheck()
    {
        var run = await CliRun.RunAsync("verify", "--url", "http://app.example.com/x", "--resolve", "app.example.com", "--ca", "/nonexistent.pem");

        Assert.Equal(PlanCommand.InvalidSettings, run.ExitCode);
        Assert.Contains("3 problem(s)", run.Error);
        Assert.Contains("--url http://app.example.com/x: give the app's HTTPS origin", run.Error);
        Assert.Contains("--resolve app.example.com: expected host:address", run.Error);
        Assert.Contains("--ca /nonexistent.pem", run.Error);
        Assert.Empty(run.Output);
    }

    // Mended when 20 readiness requests in a row answer 200: nginx counted the 503s against every replica
    // (max_fails), and keeps a replica out of rotation until its fail_timeout has passed.
    private async Task WaitUntilReadyAsync()
    {
        using var client = Topology.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(30 + Topology.CurrentSettings.Edge.UpstreamFailTimeoutSeconds);
        var inARow = 0;
        while (inARow < 20)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the replicas were not ready again 30 s after Postgres restarted");
            }

            try
            {
                using var response = await client.GetAsync(Topology.CurrentSettings.App.HealthPath);
                inARow = response.IsSuccessStatusCode ? inARow + 1 : 0;
            }
            catch (HttpRequestException)
            {
                inARow = 0;
            }

            await Task.Delay(inARow == 0 ? 500 : 20);
        }
    }
}
