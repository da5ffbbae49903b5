namespace Infra.Blueprint.Settings;

/// <summary>
/// Every config key Infra reads. <c>Pulumi.yaml</c> declares the same keys with descriptions and
/// defaults; a test keeps the two in step.
/// </summary>
public static partial class ConfigKeys
{
    /// <summary>The project's config namespace.</summary>
    public const string Namespace = "infra";

    public static readonly ConfigKey Production = new("production", ConfigType.Boolean);
    public static readonly ConfigKey Domain = new("domain", ConfigType.String);
    public static readonly ConfigKey CloudflareZone = new("cloudflare.zone", ConfigType.String);
    public static readonly ConfigKey CloudflareZoneId = new("cloudflare.zoneId", ConfigType.String);
    public static readonly ConfigKey CloudflareProxied = new("cloudflare.proxied", ConfigType.Boolean);
    public static readonly ConfigKey CloudflareWww = new("cloudflare.www", ConfigType.Boolean);
    public static readonly ConfigKey SshUser = new("ssh.user", ConfigType.String);
    public static readonly ConfigKey SshPort = new("ssh.port", ConfigType.Integer);
    public static readonly ConfigKey SshAllowFrom = new("ssh.allowFrom", ConfigType.StringArray);
    public static readonly ConfigKey SshPrivateKey = new("ssh.privateKey", ConfigType.String, Secret: true);
    public static readonly ConfigKey SshDeployUser = new("ssh.deployUser", ConfigType.String);
    public static readonly ConfigKey SshHostKeys = new("ssh.hostKeys", ConfigType.StringArray);
    public static readonly ConfigKey SshKnownHostsFile = new("ssh.knownHostsFile", ConfigType.String);
    public static readonly ConfigKey Hosts = new("hosts", ConfigType.StringArray);
    public static readonly ConfigKey HostsDockerSource = new("hosts.dockerSource", ConfigType.String);
    public static readonly ConfigKey AppImage = new("app.image", ConfigType.String);
    public static readonly ConfigKey AppReplicas = new("app.replicas", ConfigType.Integer);
    public static readonly ConfigKey AppPort = new("app.port", ConfigType.Integer);
    public static readonly ConfigKey AppHealthPath = new("app.healthPath", ConfigType.String);
    public static readonly ConfigKey AppReadyPath = new("app.readyPath", ConfigType.String);
    public static readonly ConfigKey AppProbePath = new("app.probePath", ConfigType.String);
    public static readonly ConfigKey AppPromoteFrom = new("app.promoteFrom", ConfigType.String);
    public static readonly ConfigKey AppHealthcheck = new("app.healthcheck", ConfigType.StringArray);
    public static readonly ConfigKey AppEnvironment = new("app.environment", ConfigType.StringArray);
    public static readonly ConfigKey AppCpus = new("app.cpus", ConfigType.String);
    public static readonly ConfigKey AppMemoryMb = new("app.memoryMb", ConfigType.Integer);
    public static readonly ConfigKey AppDrainSeconds = new("app.drainSeconds", ConfigType.Integer);
    public static readonly ConfigKey AppCorsOrigins = new("app.corsOrigins", ConfigType.StringArray);
    public static readonly ConfigKey AppWorkers = new("app.workers", ConfigType.StringArray);
    public static readonly ConfigKey AppSchedules = new("app.schedules", ConfigType.StringArray);
    public static readonly ConfigKey AppSecrets = new("app.secrets", ConfigType.StringArray);
    public static readonly ConfigKey RegistryServer = new("registry.server", ConfigType.String);
    public static readonly ConfigKey RegistryUser = new("registry.user", ConfigType.String);
    public static readonly ConfigKey RegistryToken = new("registry.token", ConfigType.String, Secret: true);
    public static readonly ConfigKey PostgresVersion = new("postgres.version", ConfigType.Integer);
    public static readonly ConfigKey PostgresDatabase = new("postgres.database", ConfigType.String);
    public static readonly ConfigKey PostgresUser = new("postgres.user", ConfigType.String);
    public static readonly ConfigKey PostgresMaxConnections = new("postgres.maxConnections", ConfigType.Integer);
    public static readonly ConfigKey PostgresSlowQueryMs = new("postgres.slowQueryMs", ConfigType.Integer);
    public static readonly ConfigKey PostgresPoolSize = new("postgres.poolSize", ConfigType.Integer);
    public static readonly ConfigKey PostgresMaxClientConnections = new("postgres.maxClientConnections", ConfigType.Integer);
    public static readonly ConfigKey RedisMaxMemoryMb = new("redis.maxMemoryMb", ConfigType.Integer);
    public static readonly ConfigKey EdgeClientMaxBodyMb = new("edge.clientMaxBodyMb", ConfigType.Integer);
    public static readonly ConfigKey EdgeRateLimitPerSecond = new("edge.rateLimitPerSecond", ConfigType.Integer);
    public static readonly ConfigKey EdgeRateLimitBurst = new("edge.rateLimitBurst", ConfigType.Integer);
    public static readonly ConfigKey EdgeAuthPaths = new("edge.authPaths", ConfigType.StringArray);
    public static readonly ConfigKey EdgeAuthRateLimitPerMinute = new("edge.authRateLimitPerMinute", ConfigType.Integer);
    public static readonly ConfigKey EdgeConnectionsPerIp = new("edge.connectionsPerIp", ConfigType.Integer);
    public static readonly ConfigKey EdgeContentSecurityPolicy = new("edge.contentSecurityPolicy", ConfigType.String);
    public static readonly ConfigKey EdgePermissionsPolicy = new("edge.permissionsPolicy", ConfigType.String);
    public static readonly ConfigKey EdgeUpstreamMaxFails = new("edge.upstreamMaxFails", ConfigType.Integer);
    public static readonly ConfigKey EdgeUpstreamFailTimeoutSeconds = new("edge.upstreamFailTimeoutSeconds", ConfigType.Integer);
    public static readonly ConfigKey EdgeUpstreamKeepalive = new("edge.upstreamKeepalive", ConfigType.Integer);
    public static readonly ConfigKey EdgeProxyNextUpstreamTries = new("edge.proxyNextUpstreamTries", ConfigType.Integer);
    public static readonly ConfigKey EdgeProxyConnectTimeoutSeconds = new("edge.proxyConnectTimeoutSeconds", ConfigType.Integer);
    public static readonly ConfigKey EdgeProxyReadTimeoutSeconds = new("edge.proxyReadTimeoutSeconds", ConfigType.Integer);
    public static readonly ConfigKey EdgeStaticPaths = new("edge.staticPaths", ConfigType.StringArray);
    public static readonly ConfigKey EdgeGzip = new("edge.gzip", ConfigType.Boolean);
    public static readonly ConfigKey EdgeMaintenanceRetryAfterSeconds = new("edge.maintenanceRetryAfterSeconds", ConfigType.Integer);
    public static readonly ConfigKey EdgeHstsMaxAgeSeconds = new("edge.hstsMaxAgeSeconds", ConfigType.Integer);
    public static readonly ConfigKey EdgeHstsPreload = new("edge.hstsPreload", ConfigType.Boolean);
    public static readonly ConfigKey EdgeCloudflareOnly = new("edge.cloudflareOnly", ConfigType.Boolean);
    public static readonly ConfigKey EdgeMaintenance = new("edge.maintenance", ConfigType.Boolean);
    public static readonly ConfigKey EdgeMaxWebSockets = new("edge.maxWebSockets", ConfigType.Integer);
    public static readonly ConfigKey EdgeMaxWebSocketsPerReplica = new("edge.maxWebSocketsPerReplica", ConfigType.Integer);
    public static readonly ConfigKey MonitoringEnabled = new("monitoring.enabled", ConfigType.Boolean);
    public static readonly ConfigKey MonitoringGrafanaHostname = new("monitoring.grafanaHostname", ConfigType.String);
    public static readonly ConfigKey MonitoringRetentionDays = new("monitoring.retentionDays", ConfigType.Integer);
    public static readonly ConfigKey MonitoringAlertEmail = new("monitoring.alertEmail", ConfigType.String);
    public static readonly ConfigKey MonitoringLogRetentionDays = new("monitoring.logRetentionDays", ConfigType.Integer);
    public static readonly ConfigKey MonitoringSmtpSmarthost = new("monitoring.smtpSmarthost", ConfigType.String);
    public static readonly ConfigKey MonitoringSmtpFrom = new("monitoring.smtpFrom", ConfigType.String);
    public static readonly ConfigKey MonitoringSmtpUsername = new("monitoring.smtpUsername", ConfigType.String);
    public static readonly ConfigKey MonitoringSmtpPassword = new("monitoring.smtpPassword", ConfigType.String, Secret: true);
    public static readonly ConfigKey MonitoringSlackChannel = new("monitoring.slackChannel", ConfigType.String);
    public static readonly ConfigKey MonitoringSlackWebhook = new("monitoring.slackWebhook", ConfigType.String, Secret: true);
    public static readonly ConfigKey MonitoringHeartbeatUrl = new("monitoring.heartbeatUrl", ConfigType.String);
    public static readonly ConfigKey MonitoringMaxSeverity = new("monitoring.maxSeverity", ConfigType.String);
    public static readonly ConfigKey MonitoringGroupWaitSeconds = new("monitoring.groupWaitSeconds", ConfigType.Integer);
    public static readonly ConfigKey MonitoringRepeatIntervalHours = new("monitoring.repeatIntervalHours", ConfigType.Integer);
    public static readonly ConfigKey MonitoringRunbookUrl = new("monitoring.runbookUrl", ConfigType.String);
    public static readonly ConfigKey BackupsEnabled = new("backups.enabled", ConfigType.Boolean);
    public static readonly ConfigKey BackupsSchedule = new("backups.schedule", ConfigType.String);
    public static readonly ConfigKey BackupsS3Endpoint = new("backups.s3Endpoint", ConfigType.String);
    public static readonly ConfigKey BackupsBucket = new("backups.bucket", ConfigType.String);
    public static readonly ConfigKey BackupsKeepDaily = new("backups.keepDaily", ConfigType.Integer);
    public static readonly ConfigKey BackupsKeepWeekly = new("backups.keepWeekly", ConfigType.Integer);
    public static readonly ConfigKey BackupsKeepMonthly = new("backups.keepMonthly", ConfigType.Integer);
    public static readonly ConfigKey BackupsR2AccountId = new("backups.r2AccountId", ConfigType.String);
    public static readonly ConfigKey BackupsPointInTimeRecovery = new("backups.pointInTimeRecovery", ConfigType.Boolean);
    public static readonly ConfigKey BackupsDrillSchedule = new("backups.drillSchedule", ConfigType.String);
    public static readonly ConfigKey BackupsS3AccessKeyId = new("backups.s3AccessKeyId", ConfigType.String, Secret: true);
    public static readonly ConfigKey BackupsS3SecretAccessKey = new("backups.s3SecretAccessKey", ConfigType.String, Secret: true);

    /// <summary>All keys, in the order settings are read and errors reported.</summary>
    public static IReadOnlyList<ConfigKey> All { get; } =
    [
        Production, Domain, CloudflareZone, CloudflareZoneId, CloudflareProxied, CloudflareWww,
        SshUser, SshPort, SshAllowFrom, SshPrivateKey, SshDeployUser, SshHostKeys, SshKnownHostsFile, Hosts, HostsDockerSource,
        AppImage, AppReplicas, AppPort, AppHealthPath, AppReadyPath, AppProbePath, AppHealthcheck, AppEnvironment, AppCpus, AppMemoryMb, AppDrainSeconds, AppCorsOrigins, AppPromoteFrom, AppWorkers, AppSchedules, AppSecrets,
        RegistryServer, RegistryUser, RegistryToken,
        PostgresVersion, PostgresDatabase, PostgresUser, PostgresMaxConnections, PostgresSlowQueryMs, PostgresPoolSize, PostgresMaxClientConnections,
        RedisMaxMemoryMb,
        EdgeClientMaxBodyMb, EdgeRateLimitPerSecond, EdgeRateLimitBurst, EdgeAuthPaths, EdgeAuthRateLimitPerMinute, EdgeConnectionsPerIp,
        EdgeHstsMaxAgeSeconds, EdgeHstsPreload, EdgeContentSecurityPolicy, EdgePermissionsPolicy, EdgeCloudflareOnly,
        EdgeUpstreamMaxFails, EdgeUpstreamFailTimeoutSeconds, EdgeUpstreamKeepalive, EdgeProxyNextUpstreamTries, EdgeProxyConnectTimeoutSeconds, EdgeProxyReadTimeoutSeconds,
        EdgeStaticPaths, EdgeGzip, EdgeMaintenance, EdgeMaintenanceRetryAfterSeconds, EdgeMaxWebSockets, EdgeMaxWebSocketsPerReplica,
        MonitoringEnabled, MonitoringGrafanaHostname, MonitoringRetentionDays, MonitoringAlertEmail, MonitoringLogRetentionDays,
        MonitoringSmtpSmarthost, MonitoringSmtpFrom, MonitoringSmtpUsername, MonitoringSmtpPassword,
        MonitoringSlackChannel, MonitoringSlackWebhook, MonitoringHeartbeatUrl, MonitoringMaxSeverity,
        MonitoringGroupWaitSeconds, MonitoringRepeatIntervalHours, MonitoringRunbookUrl,
        BackupsEnabled, BackupsSchedule, BackupsS3Endpoint, BackupsBucket, BackupsKeepDaily, BackupsKeepWeekly, BackupsKeepMonthly,
        BackupsR2AccountId, BackupsPointInTimeRecovery, BackupsDrillSchedule,
        BackupsS3AccessKeyId, BackupsS3SecretAccessKey,
    ];

    /// <summary>The keys whose values are credentials, set with <c>--secret</c> and read only by the Pulumi program.</summary>
    public static IEnumerable<ConfigKey> Secrets => All.Where(k => k.Secret);
}
