using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.Data.Tests.Daemons;
using Infra.TestKit;

namespace Infra.Data.Tests.Monitoring;

/// <summary>
/// The TLS probe's rendered script (the plan's target, mapped onto loopback) against Debian's PgBouncer serving TLS
/// with an internal-CA certificate: what it writes for node-exporter's textfile collector.
/// </summary>
public sealed partial class TlsProbeDaemonTests
{
    private static readonly StackSettings Staging = Repository.Stack("staging").ToSettings(checkSecrets: false);

    [Fact]
    public async Task TheProbeReadsTheCertificatePgBouncerServesAfterTheSslRequestAndReportsADeadTargetAsFailed()
    {
        var prod = Planner.Build(Repository.Stack("prod"));
        Assert.Contains(prod.Services, s => s.Name == TlsProbe.Service);
        using var postgres = PostgresDaemon.Start(Staging, ["127.0.0.1/32"]);
        using var pki = new TempDirectory("pki");
        var tls = InternalCa.Issue(pki, Layout.PgBouncerService);
        using var bouncer = PgBouncerDaemon.Start(postgres, tls);
        var served = $"127.0.0.1:{bouncer.Port}";
        var dead = $"127.0.0.1:{Loopback.FreePort()}";

        using var dir = new TempDirectory("tls-probe");
        var metrics = Probe(dir, tls.CaFile, served, dead);

        Assert.True(metrics.TryGetValue((TlsProbeMetrics.Success, served), out var ok) && ok == 1, $"{served}: {Describe(metrics)}\n{bouncer.Output}");
        using var certificate = X509CertificateLoader.LoadCertificateFromFile(tls.CertificateFile);
        Assert.Equal(new DateTimeOffset(certificate.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(), (long)metrics[(TlsProbeMetrics.CertificateExpiry, served)]);
        Assert.Equal(0, metrics[(TlsProbeMetrics.Success, dead)]);
        Assert.False(metrics.ContainsKey((TlsProbeMetrics.CertificateExpiry, dead)), $"{dead} has no certificate, yet: {Describe(metrics)}");
        foreach (var target in new[] { served, dead })
        {
            var ran = DateTimeOffset.FromUnixTimeSeconds((long)metrics[(TlsProbeMetrics.LastRun, target)]);
            Assert.True(Math.Abs((DateTimeOffset.UtcNow - ran).TotalMinutes) < 2, $"{target}: last run {ran}");
        }

        // node-exporter's textfile collector, as on the db host, serves the file to Prometheus without a parse error.
        var port = Loopback.FreePort();
        using var exporter = Daemon.Start("node-exporter", Tools.Require("prometheus-node-exporter", "prometheus-node-exporter"),
            [$"--web.listen-address=127.0.0.1:{port}", $"--collector.textfile.directory={dir.Path}", "--collector.disable-defaults", "--collector.textfile"]).WaitForPort(port);
        using var http = new HttpClient();
        var exposed = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        Assert.Contains($"{TlsProbeMetrics.CertificateExpiry}{{{TlsProbeMetrics.Label}=\"{served}\"}}", exposed, StringComparison.Ordinal);
        Assert.Contains("node_textfile_scrape_error 0", exposed, StringComparison.Ordinal);
    }

    [Fact]
    public void ACertificateTheInternalCaDidNotSignIsReadButFailsTheProbe()
    {
        using var postgres = PostgresDaemon.Start(Staging, ["127.0.0.1/32"]);
        using var pki = new TempDirectory("pki");
        var tls = InternalCa.Issue(pki, Layout.PgBouncerService);
        var otherCa = InternalCa.Issue(pki, Layout.PgBouncerService, "other").CaFile;
        using var bouncer = PgBouncerDaemon.Start(postgres, tls);
        var served = $"127.0.0.1:{bouncer.Port}";

        using var dir = new TempDirectory("tls-probe");
        var metrics = Probe(dir, otherCa, served);

        Assert.Equal(0, metrics[(TlsProbeMetrics.Success, served)]);
        Assert.True(metrics.ContainsKey((TlsProbeMetrics.CertificateExpiry, served)), $"the expiry of the certificate it read is missing: {Describe(metrics)}");
    }

    // Runs the rendered script with the plan's target (name, STARTTLS) at the given addresses until it has written its
    // file once, and returns (metric, target) → value.
    private static Dictionary<(string Metric, string Target), double> Probe(TempDirectory dir, string caFile, params string[] addresses)
    {
        var planned = TlsProbeRuntime.Swarm;
        var runtime = planned with
        {
            Targets = [.. addresses.Select(a => planned.Targets.Single() with { Address = a })],
            CaFile = caFile,
            MetricsDirectory = dir.Path,
            IntervalSeconds = 2,
            TimeoutSeconds = 5,
        };
        var script = dir.Write("tls-probe.sh", TlsProbeScript.Render(runtime));
        var file = dir.File(TlsProbeMetrics.File);
        using var probe = Daemon.Start("tls-probe", "/bin/sh", [script]);
        probe.WaitUntil(() => File.Exists(file), "its metrics file", TimeSpan.FromSeconds(30));
        return Sample().Matches(File.ReadAllText(file)).ToDictionary(
            m => (m.Groups["metric"].Value, m.Groups["target"].Value),
            m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    private static string Describe(Dictionary<(string Metric, string Target), double> metrics) =>
        string.Join("; ", metrics.Select(m => $"{m.Key.Metric}{{{m.Key.Target}}} {m.Value}"));

    [GeneratedRegex("""^(?<metric>\w+)\{target="(?<target>[^"]+)"\} (?<value>\S+)$""", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
