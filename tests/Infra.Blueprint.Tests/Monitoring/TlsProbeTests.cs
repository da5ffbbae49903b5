using Infra.Blueprint.Backups;
using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Platform;
using Infra.Contract;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Monitoring;

public sealed class TlsProbeTests
{
    [Fact]
    public void PgBouncersCertificateIsProbedWhereTheAppReachesItOverTlsAndNowhereElse()
    {
        var prod = Plans.Of("prod");
        var staging = Plans.Of("staging");

        Assert.True(prod.Layout.AppCrossesHosts);
        Assert.Contains(prod.Certificates, c => c.Name == Layout.PgBouncerCertificate);
        var probe = prod.Service(TlsProbe.Service);
        Assert.Equal([Layout.Constraint("db")], probe.Placement);
        Assert.Equal([Layout.BackendNetwork], probe.Networks);
        Assert.False(staging.Layout.AppCrossesHosts);
        Assert.DoesNotContain(staging.Services, s => s.Name == TlsProbe.Service);
        Assert.DoesNotContain(AlertRules.For(staging.Settings), r => r.Name is AlertNames.InternalCertificateExpiring or AlertNames.TlsProbeFailing);
    }

    [Fact]
    public void TheProbeConnectsAndVerifiesAsTheAppDoes()
    {
        var prod = Plans.Of("prod");
        var app = prod.Service(prod.Layout.AppReplicas[0]);
        var target = TlsProbeRuntime.Swarm.Targets.Single();
        var probe = prod.Service(TlsProbe.Service);

        Assert.Equal("verify-full", app.Environment[AppContract.Env.PostgresSslMode]);
        Assert.Equal($"{app.Environment[AppContract.Env.PostgresHost]}:{app.Environment[AppContract.Env.PostgresPort]}", target.Address);
        Assert.Equal(app.Environment[AppContract.Env.PostgresHost], target.ServerName);
        Assert.Equal(app.Environment[AppContract.Env.PostgresSslRootCertFile], TlsProbeRuntime.Swarm.CaFile);
        Assert.Contains(probe.Configs, c => c.Key == CertificateSpec.InternalCaConfigKey && c.Target == TlsProbeRuntime.Swarm.CaFile);
        Assert.Contains(prod.Certificates.Single(c => c.Name == Layout.PgBouncerCertificate).Hostnames, h => h == target.ServerName);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheProbeWritesWhereTheDbHostsNodeExporterReads(bool backups)
    {
        var plan = backups ? Plans.Of("prod") : Planner.Build(ProdWithoutBackups());
        var probe = plan.Service(TlsProbe.Service);

        Assert.Contains(probe.Volumes, v => v.Volume == BackupMetrics.TextfileVolume && v.Target == TlsProbeRuntime.Swarm.MetricsDirectory && !v.ReadOnly);
        Assert.Contains(plan.Service(Layout.NodeExporterService).Volumes, v => v.Volume == BackupMetrics.TextfileVolume && v.Target == BackupMetrics.TextfileDirectory);
        Assert.Single(plan.Volumes, v => v.Name == BackupMetrics.TextfileVolume);
    }

    [Fact]
    public void WithNeitherBackupsNorSchedulesTheProbeDeclaresTheTextfileVolumeOnTheDbHost()
    {
        var plan = Planner.Build(ProdWithoutBackups().With("app.schedules", "[]"));

        var volume = Assert.Single(plan.Volumes, v => v.Name == BackupMetrics.TextfileVolume);
        Assert.Equal(plan.Layout.DbHost.Name, volume.Host);
        Assert.Contains(plan.Service(Layout.NodeExporterService).Volumes, v => v.Volume == BackupMetrics.TextfileVolume);
    }

    [Fact]
    public void AnInternalCertificateAlertsAtThePublicCertificatesThreshold()
    {
        var rules = AlertRules.For(Plans.Of("prod").Settings).DistinctBy(r => r.Name).ToDictionary(r => r.Name);
        var days = $"{AlertRules.CertificateExpiryWarning.TotalDays} * 86400";

        Assert.EndsWith($"< {days}", rules[AlertNames.TlsCertificateExpiring].Expr, StringComparison.Ordinal);
        Assert.Equal($"{TlsProbeMetrics.CertificateExpiry} - time() < {days}", rules[AlertNames.InternalCertificateExpiring].Expr);
        Assert.Contains($"absent({TlsProbeMetrics.LastRun})", rules[AlertNames.TlsProbeFailing].Expr, StringComparison.Ordinal);
    }

    // Prod's hosts (the app across hosts) without backups, which only a non-production stack may turn off.
    private static Infra.Blueprint.Settings.StackConfig ProdWithoutBackups() =>
        Repository.Stack("prod").With("production", "false").With("backups.enabled", "false");
}
