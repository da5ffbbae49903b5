namespace Infra.Blueprint.Settings;

// Rules that relate several settings. They run after every key was read, so one report lists all.
public sealed partial class SettingsReader
{
    private const int OneYearSeconds = 31_536_000;

    private void CheckRules(StackSettings s)
    {
        var zone = s.Cloudflare.Zone;
        if (Sound(ConfigKeys.Domain, ConfigKeys.CloudflareZone) && zone.Length > 0 && s.Domain.Length > 0 && !InZone(s.Domain, zone))
        {
            Error(ConfigKeys.Domain.FullName, $"'{s.Domain}' is not in the Cloudflare zone '{zone}'; use a name ending in .{zone}");
        }

        if (Sound(ConfigKeys.MonitoringEnabled, ConfigKeys.CloudflareZone, ConfigKeys.Domain, ConfigKeys.MonitoringGrafanaHostname)
            && s.Monitoring.Enabled && zone.Length > 0 && s.Monitoring.GrafanaHostname.Length > 0)
        {
            if (!InZone(s.Monitoring.GrafanaHostname, zone))
            {
                Error(ConfigKeys.MonitoringGrafanaHostname.FullName, $"'{s.Monitoring.GrafanaHostname}' is not in the Cloudflare zone '{zone}'");
            }
            else if (s.Monitoring.GrafanaHostname == s.Domain)
            {
                Error(ConfigKeys.MonitoringGrafanaHostname.FullName, $"'{s.Domain}' is the app's domain; give Grafana its own name, e.g. grafana.{zone}");
            }
        }

        if (Sound(ConfigKeys.Hosts, ConfigKeys.MonitoringEnabled))
        {
            CheckRoles(s);
        }

        if (Sound(ConfigKeys.CloudflareProxied) && !s.Cloudflare.Proxied)
        {
            Error(ConfigKeys.CloudflareProxied.FullName, "the edge serves a Cloudflare Origin CA certificate, which only Cloudflare trusts: unproxied, every browser would refuse it; set it to true (docs/edge.md)");
        }

        if (Sound(ConfigKeys.CloudflareWww, ConfigKeys.Domain) && s.Cloudflare.Www && s.Domain.StartsWith("www.", StringComparison.Ordinal))
        {
            Error(ConfigKeys.CloudflareWww.FullName, $"'{s.Domain}' already is a www name; set it to false or use the apex as infra:domain");
        }

        if (Sound(ConfigKeys.Production, ConfigKeys.MonitoringEnabled, ConfigKeys.MonitoringAlertEmail, ConfigKeys.MonitoringSmtpSmarthost, ConfigKeys.MonitoringSmtpFrom, ConfigKeys.MonitoringSlackChannel)
            && s.Production && s.Monitoring.Enabled && !s.Monitoring.EmailsAlerts && !s.Monitoring.PostsToSlack)
        {
            Error(ConfigKeys.MonitoringAlertEmail.FullName, "a production stack must send its alerts somewhere; set an address (with infra:monitoring.smtpSmarthost and infra:monitoring.smtpFrom) or infra:monitoring.slackChannel");
        }

        if (Sound(ConfigKeys.Production, ConfigKeys.AppReplicas) && s.Production && s.App.Replicas < 2)
        {
            Error(ConfigKeys.AppReplicas.FullName, $"a production stack needs at least 2 replicas (got {s.App.Replicas})");
        }

        if (Sound(ConfigKeys.Production, ConfigKeys.BackupsEnabled) && s.Production && !s.Backups.Enabled)
        {
            Error(ConfigKeys.BackupsEnabled.FullName, "a production stack must back up its data; set it to true and configure infra:backups.s3Endpoint and infra:backups.bucket");
        }

        if (Sound(ConfigKeys.EdgeHstsPreload, ConfigKeys.EdgeHstsMaxAgeSeconds) && s.Edge.HstsPreload && s.Edge.HstsMaxAgeSeconds < OneYearSeconds)
        {
            Error(ConfigKeys.EdgeHstsMaxAgeSeconds.FullName, $"HSTS preload requires a max-age of at least {OneYearSeconds} seconds (got {s.Edge.HstsMaxAgeSeconds})");
        }

        if (Sound(ConfigKeys.AppPort) && (s.App.Port == 80 || s.App.Port == 443))
        {
            Error(ConfigKeys.AppPort.FullName, $"{s.App.Port} is a privileged port the app's non-root user cannot bind; use {Infra.Contract.AppContract.Port}");
        }

        CheckData(s);

        var dbHost = s.HostsWith(HostRole.Db).FirstOrDefault();
        if (Sound(ConfigKeys.Hosts, ConfigKeys.RedisMaxMemoryMb) && dbHost is not null && s.Redis.MaxMemoryMb > dbHost.MemoryMb / 2)
        {
            Error(ConfigKeys.RedisMaxMemoryMb.FullName, $"{s.Redis.MaxMemoryMb} MiB is more than half of the db host '{dbHost.Name}' ({dbHost.MemoryMb} MiB); Postgres needs the rest");
        }
    }

    private void CheckData(StackSettings s)
    {
        // PgBouncer's pool, the backup job, the migrate job and the exporters all need server connections.
        const int reserved = 10;
        var pool = s.Postgres.PoolSize + Data.PgBouncerConfig.Reserve(s.Postgres);
        if (Sound(ConfigKeys.PostgresPoolSize, ConfigKeys.PostgresMaxConnections) && pool + reserved > s.Postgres.MaxConnections)
        {
            Error(ConfigKeys.PostgresPoolSize.FullName, $"a pool of {s.Postgres.PoolSize} (plus its reserve, {pool} in all) plus {reserved} connections for backups, migrations and monitoring exceeds infra:postgres.maxConnections ({s.Postgres.MaxConnections}); lower the pool or raise maxConnections");
        }

        if (Sound(ConfigKeys.PostgresMaxClientConnections, ConfigKeys.PostgresPoolSize) && s.Postgres.MaxClientConnections < s.Postgres.PoolSize)
        {
            Error(ConfigKeys.PostgresMaxClientConnections.FullName, $"{s.Postgres.MaxClientConnections} client connections cannot fill a pool of {s.Postgres.PoolSize}; allow at least as many clients as pooled server connections");
        }

        if (Sound(ConfigKeys.BackupsEnabled, ConfigKeys.BackupsKeepDaily, ConfigKeys.BackupsKeepWeekly, ConfigKeys.BackupsKeepMonthly)
            && s.Backups.Enabled && s.Backups.KeepDaily + s.Backups.KeepWeekly + s.Backups.KeepMonthly < 2)
        {
            Error(ConfigKeys.BackupsKeepDaily.FullName, "keeping a single snapshot leaves nothing to fall back on when the latest is bad; keep at least 2 (daily, weekly and monthly together)");
        }

        if (Sound(ConfigKeys.BackupsEnabled, ConfigKeys.BackupsSchedule, ConfigKeys.BackupsDrillSchedule)
            && s.Backups.Enabled && s.Backups.DrillSchedule.Expression == s.Backups.Schedule.Expression)
        {
            Error(ConfigKeys.BackupsDrillSchedule.FullName, $"'{s.Backups.DrillSchedule}' is the backup's own schedule; run the drill after the backup finishes, e.g. two hours later");
        }
    }

    private void CheckRoles(StackSettings s)
    {
        if (s.Hosts.Count == 0)
        {
            return;
        }

        var path = ConfigKeys.Hosts.FullName;
        var managers = s.HostsWith(HostRole.Manager).Count;
        if (managers == 0)
        {
            Error(path, "no host has the manager role; give one host (or three, or five) roles=manager");
        }
        else if (managers % 2 == 0)
        {
            Error(path, $"{managers} managers cannot keep a Swarm quorum through a failure any better than {managers - 1}; use an odd number (1, 3 or 5)");
        }

        if (s.HostsWith(HostRole.Edge).Count == 0)
        {
            Error(path, "no host has the edge role; give the hosts that should receive web traffic roles=edge");
        }

        for (var i = 0; i < s.Hosts.Count; i++)
        {
            if (s.Hosts[i].Roles.Contains(HostRole.Edge) && !System.Net.IPAddress.TryParse(s.Hosts[i].Address, out _))
            {
                Error($"{path}[{i}].address", $"'{s.Hosts[i].Address}' is a name, but DNS records point at edge hosts by address; give the edge host's IP address");
            }
        }

        var dbHosts = s.HostsWith(HostRole.Db);
        if (dbHosts.Count != 1)
        {
            Error(path, $"exactly one host must have the db role, where the Postgres and Redis volumes live (got {dbHosts.Count})");
        }

        if (s.Monitoring.Enabled && s.HostsWith(HostRole.Monitoring).Count != 1)
        {
            Error(path, $"with monitoring enabled exactly one host must have the monitoring role (got {s.HostsWith(HostRole.Monitoring).Count})");
        }
    }

    private static bool InZone(string name, string zone) => name == zone || name.EndsWith("." + zone, StringComparison.Ordinal);
}
