using Infra.Blueprint.Data;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Policies;
using Infra.Contract;
using Infra.TestKit;
using Infra.Blueprint.Backups;

namespace Infra.Blueprint.Tests.Platform;

public sealed class PlannerDataTests
{
    private static Plan PlanOf(string stack, string? key = null, string? value = null)
    {
        var config = Repository.Stack(stack);
        return Planner.Build(key is null ? config : config.With(key, value));
    }

    [Fact]
    public void TheMigrateJobGatesEveryReplicaAndConnectsToPostgresDirectly()
    {
        var plan = PlanOf("prod");

        var migrate = plan.Jobs.Single(j => j.Name == Layout.MigrateJob);

        Assert.Equal(plan.Settings.App.Image.ToString(), migrate.Image);
        Assert.Equal([AppContract.Commands.Migrate], migrate.Command);
        Assert.Equal(["app-1", "app-2", "app-3", "app-4"], migrate.Gates);
        Assert.Equal(Layout.PostgresService, migrate.Environment[AppContract.Env.PostgresHost]);
    }

    [Fact]
    public void TheMigrateJobRunsOnlyOncePostgresIsUp()
    {
        var plan = PlanOf("staging");

        var migrate = plan.Jobs.Single(j => j.Name == Layout.MigrateJob);

        Assert.Equal([Layout.PostgresService], migrate.After);
        Assert.All(plan.Jobs, j => Assert.All(j.After ?? [], s => Assert.Contains(s, plan.Services.Select(p => p.Name))));
    }

    [Fact]
    public void TheInternalCaOutlivesEveryCertificateItSignsAndRenewsThemEarly()
    {
        var issued = PlanOf("prod").Certificates.Where(c => c.Issuer == CertificateIssuer.InternalCa).ToList();

        Assert.NotEmpty(issued);
        Assert.All(issued, c => Assert.True(
            c.ValidityDays + CertificateSpec.InternalRenewBeforeDays < CertificateSpec.InternalCaValidityDays,
            $"certificate {c.Name} ({c.ValidityDays} days) could outlive the internal CA ({CertificateSpec.InternalCaValidityDays} days)"));
        Assert.All(issued, c => Assert.True(CertificateSpec.InternalRenewBeforeDays < c.ValidityDays / 2, $"certificate {c.Name} would renew on nearly every pulumi up"));
    }

    [Theory]
    [InlineData("prod", "verify-full", true)]
    [InlineData("staging", "disable", false)]
    public void TheAppUsesTlsToPgBouncerExactlyWhenItSitsOnOtherHosts(string stack, string sslMode, bool certificate)
    {
        var plan = PlanOf(stack);

        Assert.All(plan.Services.Where(s => s.Name.StartsWith("app-", StringComparison.Ordinal)), s => Assert.Equal(sslMode, s.Environment[AppContract.Env.PostgresSslMode]));
        Assert.Equal(certificate, plan.Certificates.Any(c => c.Issuer == CertificateIssuer.InternalCa));
        Assert.Equal(certificate, plan.Configs.Single(c => c.Key == "pgbouncer.ini").Content.Contains("client_tls_sslmode = require", StringComparison.Ordinal));
    }

    [Fact]
    public void OnlyTheBackupServiceHasARouteOut()
    {
        var plan = PlanOf("prod");

        var routable = plan.Services.Where(s => s.Networks.Any(n => !plan.Network(n).Internal)).Select(s => s.Name).ToList();

        Assert.DoesNotContain(Layout.PostgresService, routable);
        Assert.DoesNotContain(Layout.PgBouncerService, routable);
        Assert.DoesNotContain(Layout.RedisService, routable);
        Assert.Contains(Layout.BackupService, routable);
    }

    [Fact]
    public void WithoutBackupsThereIsNoBackupServiceSecretOrBucket()
    {
        var plan = PlanOf("staging", "backups.enabled", "false");

        Assert.DoesNotContain(plan.Services, s => s.Name == Layout.BackupService);
        Assert.DoesNotContain(plan.Secrets, s => s.Kind == SecretKind.StackConfig);
        Assert.Empty(plan.Buckets);
        Assert.Empty(PlanPolicies.Violations(plan));
    }

    [Fact]
    public void TheStackDeclaresTheR2BucketOnlyWhenGivenAnAccount()
    {
        Assert.Equal(["example-staging-backups"], PlanOf("staging").Buckets.Select(b => b.Name));
        Assert.Empty(PlanOf("prod").Buckets);
    }

    [Fact]
    public void PointInTimeRecoveryArchivesWalIntoAVolumeTheBackupShips()
    {
        var plan = PlanOf("prod");

        Assert.Contains("archive_mode = on", plan.Configs.Single(c => c.Key == "postgresql.conf").Content);
        Assert.Contains(BackupCrontab.WalShipSchedule, plan.Configs.Single(c => c.Key == "backup.crontab").Content);
        Assert.Contains(plan.Service(Layout.PostgresService).Volumes, v => v.Volume == Layout.WalArchiveVolume);
        Assert.Contains(plan.Service(Layout.BackupService).Volumes, v => v.Volume == Layout.WalArchiveVolume);
        Assert.True(plan.Volumes.Single(v => v.Name == Layout.WalArchiveVolume).Protected);
        Assert.DoesNotContain("archive_mode = on", PlanOf("staging").Configs.Single(c => c.Key == "postgresql.conf").Content);
    }

    [Fact]
    public void TheBackupReadsRedisDataButNeverWritesIt()
    {
        var mount = PlanOf("prod").Service(Layout.BackupService).Volumes.Single(v => v.Volume == Layout.RedisVolume);

        Assert.True(mount.ReadOnly);
    }

    [Fact]
    public void TheRestoreDrillRunsAfterTheBackupAndEveryMetricIsNamedOnce()
    {
        var crontab = PlanOf("prod").Configs.Single(c => c.Key == "backup.crontab").Content;

        Assert.Contains("0 2 * * * flock", crontab);
        Assert.Contains("0 6 * * * flock", crontab);
        Assert.Equal(BackupMetrics.All.Count, BackupMetrics.All.Distinct().Count());
        Assert.All(BackupMetrics.All, m => Assert.Matches("^infra_(backup|restore_drill)_last_[a-z_]+$", m));
    }

    [Theory]
    [InlineData(4096, "'512MB'")]
    [InlineData(16384, "'2048MB'")]
    public void SharedBuffersAreAQuarterOfPostgresHalfOfTheDbHost(int memoryMb, string sharedBuffers)
    {
        var plan = Planner.Build(Repository.Stack("staging").WithList("hosts", $"node-1 203.0.113.10 roles=manager,edge,db,monitoring memoryMb={memoryMb} cpus=2"));

        Assert.Contains($"shared_buffers = {sharedBuffers}", plan.Configs.Single(c => c.Key == "postgresql.conf").Content);
        Assert.Equal(memoryMb / 2, plan.Service(Layout.PostgresService).Resources.LimitMemoryMb);
    }
}
