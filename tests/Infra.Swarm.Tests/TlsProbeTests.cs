using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Infra.Blueprint;
using Infra.Blueprint.Data;
using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Swarm;
using Xunit.Abstractions;

namespace Infra.Swarm.Tests;

/// <summary>
/// The TLS probe's record on the prod Swarm, where PgBouncer serves its internal-CA certificate across hosts. Its pinned
/// image is Alloy's, which has no stand-in here (Alloy is not deployed): the probe runs in the Postgres stand-in
/// instead, a Debian 12 image with the openssl CLI (3.0, as Ubuntu 24.04's in Alloy's image), as root like Alloy's.
/// Every other field is the record's: the script and CA configs, the textfile volume on the db host, the backend network.
/// </summary>
[Collection(ProdSwarmCollection.Name)]
public sealed class TlsProbeTests(ProdSwarmFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task TheProbeReadsTheCertificatePgBouncerServesOverTheBackendNetworkIntoTheDbHostsTextfileVolume()
    {
        var plan = fixture.Plan;
        var spec = SwarmServiceSpecs.Service(plan.Service(TlsProbe.Service));
        var debianWithOpenssl = fixture.Deployer.ImageMap[Images.Postgres[plan.Settings.Postgres.Version].ToString()];
        var deployer = fixture.Deployer.WithImages(new Dictionary<string, string> { [Images.Alloy.ToString()] = debianWithOpenssl });
        try
        {
            await fixture.Leader.Api.Post("services/create", deployer.Body(spec));
            // Converged means healthy: its healthcheck finds a fresh metrics file.
            await deployer.WaitConverged(TlsProbe.Service, 1, 180);
            var hosts = await fixture.RunningOn(TlsProbe.Service);
            Assert.Equal([plan.Layout.DbHost.Name], hosts);

            var (node, container) = await deployer.Locate(TlsProbe.Service);
            var file = $"{TlsProbeRuntime.Swarm.MetricsDirectory}/{TlsProbeMetrics.File}";
            var text = node.ExecIn(container, ["cat", file]).Stdout;
            output.WriteLine(text);
            var target = TlsProbeRuntime.Swarm.Targets.Single().Address;
            Assert.True(Sample(text, TlsProbeMetrics.Success, target) == 1,
                $"service {TlsProbe.Service}: {TlsProbeMetrics.Success} is not 1 for {target}:\n{text}\n{node.Exec(["docker", "logs", container], check: false).Output}");

            // The certificate PgBouncer's task holds is the one the probe read.
            var (bouncerNode, bouncer) = await deployer.Locate(Layout.PgBouncerService);
            var pem = bouncerNode.ExecIn(bouncer, ["cat", PgBouncerRuntime.Swarm(tls: true).CertificateFile]).Stdout;
            using var certificate = X509Certificate2.CreateFromPem(pem);
            Assert.Equal(new DateTimeOffset(certificate.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(), (long)Sample(text, TlsProbeMetrics.CertificateExpiry, target)!);

            // node-exporter on the db host mounts the same volume: the file is where its textfile collector reads.
            var exporterVolume = plan.Service(Layout.NodeExporterService).Volumes.Single(v => v.Volume == Blueprint.Backups.BackupMetrics.TextfileVolume);
            var mountpoint = node.Exec(["docker", "volume", "inspect", "--format", "{{.Mountpoint}}", exporterVolume.Volume]).Stdout.Trim();
            Assert.Equal(text, node.Exec(["cat", $"{mountpoint}/{TlsProbeMetrics.File}"]).Stdout);
        }
        finally
        {
            await fixture.Leader.Api.Delete($"services/{TlsProbe.Service}");
        }
    }

    private static double? Sample(string text, string metric, string target)
    {
        var match = Regex.Match(text, $"^{metric}\\{{target=\"{Regex.Escape(target)}\"\\}} (\\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }
}
