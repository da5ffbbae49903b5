namespace Infra.Blueprint.Monitoring;

/// <summary>
/// The name of every alert, defined once: <see cref="AlertRules"/> declares the rules under these names and
/// <see cref="AlertmanagerConfig"/> routes and inhibits by them, so a renamed alert cannot leave a route pointing at
/// nothing. Each name is also the heading of its runbook section in <c>docs/monitoring.md</c>.
/// </summary>
public static class AlertNames
{
    /// <summary>The <c>Watchdog</c> alert.</summary>
    public const string Watchdog = nameof(Watchdog);

    /// <summary>The <c>TargetDown</c> alert.</summary>
    public const string TargetDown = nameof(TargetDown);

    /// <summary>The <c>PublicEndpointDown</c> alert.</summary>
    public const string PublicEndpointDown = nameof(PublicEndpointDown);

    /// <summary>The <c>AppReplicaNotReady</c> alert.</summary>
    public const string AppReplicaNotReady = nameof(AppReplicaNotReady);

    /// <summary>The <c>TlsCertificateExpiring</c> alert.</summary>
    public const string TlsCertificateExpiring = nameof(TlsCertificateExpiring);

    /// <summary>The <c>InternalCertificateExpiring</c> alert.</summary>
    public const string InternalCertificateExpiring = nameof(InternalCertificateExpiring);

    /// <summary>The <c>TlsProbeFailing</c> alert.</summary>
    public const string TlsProbeFailing = nameof(TlsProbeFailing);

    /// <summary>The <c>NginxDown</c> alert.</summary>
    public const string NginxDown = nameof(NginxDown);

    /// <summary>The <c>PostgresDown</c> alert.</summary>
    public const string PostgresDown = nameof(PostgresDown);

    /// <summary>The <c>RedisDown</c> alert.</summary>
    public const string RedisDown = nameof(RedisDown);

    /// <summary>The <c>HostDown</c> alert.</summary>
    public const string HostDown = nameof(HostDown);

    /// <summary>The <c>BackupTooOld</c> alert.</summary>
    public const string BackupTooOld = nameof(BackupTooOld);

    /// <summary>The <c>BackupMissing</c> alert.</summary>
    public const string BackupMissing = nameof(BackupMissing);

    /// <summary>The <c>RestoreDrillFailed</c> alert.</summary>
    public const string RestoreDrillFailed = nameof(RestoreDrillFailed);

    /// <summary>The <c>ScheduledTaskFailed</c> alert.</summary>
    public const string ScheduledTaskFailed = nameof(ScheduledTaskFailed);

    /// <summary>The <c>ScheduledTaskTooOld</c> alert: a scheduled task's timer stopped starting it.</summary>
    public const string ScheduledTaskTooOld = nameof(ScheduledTaskTooOld);

    /// <summary>The <c>ScheduledTaskMissing</c> alert: a scheduled task has never reported a run.</summary>
    public const string ScheduledTaskMissing = nameof(ScheduledTaskMissing);

    /// <summary>The <c>AppHighErrorRatio</c> alert.</summary>
    public const string AppHighErrorRatio = nameof(AppHighErrorRatio);

    /// <summary>The <c>AppHighLatency</c> alert.</summary>
    public const string AppHighLatency = nameof(AppHighLatency);

    /// <summary>The <c>HostDiskUsageHigh</c> alert.</summary>
    public const string HostDiskUsageHigh = nameof(HostDiskUsageHigh);

    /// <summary>The <c>HostDiskWillFillIn24h</c> alert.</summary>
    public const string HostDiskWillFillIn24h = nameof(HostDiskWillFillIn24h);

    /// <summary>The <c>HostMemoryPressure</c> alert.</summary>
    public const string HostMemoryPressure = nameof(HostMemoryPressure);

    /// <summary>The <c>HostOomKill</c> alert.</summary>
    public const string HostOomKill = nameof(HostOomKill);

    /// <summary>The <c>ContainerOomKilled</c> alert.</summary>
    public const string ContainerOomKilled = nameof(ContainerOomKilled);

    /// <summary>The <c>ContainerRestartLoop</c> alert.</summary>
    public const string ContainerRestartLoop = nameof(ContainerRestartLoop);

    /// <summary>The <c>PostgresTooManyConnections</c> alert.</summary>
    public const string PostgresTooManyConnections = nameof(PostgresTooManyConnections);

    /// <summary>The <c>PostgresDeadlocks</c> alert.</summary>
    public const string PostgresDeadlocks = nameof(PostgresDeadlocks);

    /// <summary>The <c>RedisMemoryHigh</c> alert.</summary>
    public const string RedisMemoryHigh = nameof(RedisMemoryHigh);

    /// <summary>The <c>RedisRejectedConnections</c> alert.</summary>
    public const string RedisRejectedConnections = nameof(RedisRejectedConnections);

    /// <summary>The <c>AlertmanagerNotificationsFailing</c> alert.</summary>
    public const string AlertmanagerNotificationsFailing = nameof(AlertmanagerNotificationsFailing);

    /// <summary>The <c>RestoreDrillTooOld</c> alert.</summary>
    public const string RestoreDrillTooOld = nameof(RestoreDrillTooOld);

    /// <summary>The <c>RestoreDrillMissing</c> alert.</summary>
    public const string RestoreDrillMissing = nameof(RestoreDrillMissing);
}
