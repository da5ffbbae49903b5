using Infra.Blueprint.Backups;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Policies;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Tests.Backups;

public sealed class BackupsTests
{
    [Fact]
    public void OnlyTheBackupServiceHasARouteOut()
    {
        var plan = Plans.Of("prod");

        var routable = plan.Services.Where(s => s.Networks.Any(n => !plan.Network(n).Internal)).Select(s => s.Name).ToList();

        Assert.DoesNotContain(Layout.PostgresService, routable);
        Assert.DoesNotContain(Layout.PgBouncerService, routable);
        Assert.DoesNotContain(Layout.RedisService, routable);
        Assert.Contains(Layout.BackupService, routable);
    }

    [Fact]
    public void WithoutBackupsThereIsNoBackupServiceSecretOrBucket()
    {
        var plan = Plans.Of("staging", "backups.enabled", "false");

        Assert.DoesNotContain(plan.Services, s => s.Name == Layout.BackupService);
        Assert.DoesNotContain(plan.Secrets, s => s.Kind == SecretKind.StackConfig);
        Assert.Empty(plan.Buckets);
        Assert.Empty(PlanPolicies.Violations(plan));
    }

    [Fact]
    public void TheStackDeclaresTheR2BucketOnlyWhenGivenAnAccount()
    {
        Assert.Equal(["example-staging-backups"], Plans.Of("staging").Buckets.Select(b => b.Name));
        Assert.Empty(Plans.Of("prod").Buckets);
    }

    [Fact]
    public void PointInTimeRecoveryArchivesWalIntoAVolumeTheBackupShips()
    {
        var plan = Plans.Of("prod");

        Assert.Contains("archive_mode = on", plan.Configs.Single(c => c.Key == "postgresql.conf").Content);
        Assert.Contains(BackupCrontab.WalShipSchedule, plan.Configs.Single(c => c.Key == "backup.crontab").Content);
        Assert.Contains(plan.Service(Layout.PostgresService).Volumes, v => v.Volume == Layout.WalArchiveVolume);
        Assert.Contains(plan.Service(Layout.BackupService).Volumes, v => v.Volume == Layout.WalArchiveVolume);
        Assert.True(plan.Volumes.Single(v => v.Name == Layout.WalArchiveVolume).Protected);
        Assert.DoesNotContain("archive_mode = on", Plans.Of("staging").Configs.Single(c => c.Key == "postgresql.conf").Content);
    }

    [Fact]
    public void TheBackupReadsRedisDataButNeverWritesIt()
    {
        var mount = Plans.Of("prod").Service(Layout.BackupService).Volumes.Single(v => v.Volume == Layout.RedisVolume);

        Assert.True(mount.ReadOnly);
    }

    [Fact]
    public void TheRestoreDrillRunsAfterTheBackupAndEveryMetricIsNamedOnce()
    {
        var crontab = Plans.Of("prod").Configs.Single(c => c.Key == "backup.crontab").Content;

        Assert.Contains("0 2 * * * flock", crontab);
        Assert.Contains("0 6 * * * flock", crontab);
        Assert.Equal(BackupMetrics.All.Count, BackupMetrics.All.Distinct().Count());
        Assert.All(BackupMetrics.All, m => Assert.Matches("^infra_(backup|restore_drill)_last_[a-z_]+$", m));
    }
}
