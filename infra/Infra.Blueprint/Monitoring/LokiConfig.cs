using System.Globalization;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Monitoring;

/// <summary>
/// Renders Loki's <c>loki.yaml</c>: one process, chunks and the TSDB index on the local volume, retention enforced
/// by the compactor from <c>infra:monitoring.logRetentionDays</c>.
/// </summary>
public static class LokiConfig
{
    /// <summary>Renders the file.</summary>
    public static string Render(MonitoringSettings monitoring, string dataDirectory = "/loki", int port = 3100)
    {
        var retentionHours = (monitoring.LogRetentionDays * 24).ToString(CultureInfo.InvariantCulture);
        var y = new Yaml.Writer();
        y.Line(0, "# Rendered by Infra from infra:monitoring.* settings. Do not edit on the server.");
        y.Line(0, "auth_enabled: false");
        y.Line(0, "server:");
        y.Line(1, $"http_listen_port: {port}");
        y.Line(1, "grpc_listen_port: 9096");
        y.Line(1, "log_level: 'warn'");
        y.Line(0, "common:");
        y.Line(1, "instance_addr: '127.0.0.1'");
        y.Line(1, $"path_prefix: {Yaml.Quote(dataDirectory)}");
        y.Line(1, "replication_factor: 1");
        y.Line(1, "ring:");
        y.Line(2, "kvstore:");
        y.Line(3, "store: 'inmemory'");
        y.Line(1, "storage:");
        y.Line(2, "filesystem:");
        y.Line(3, $"chunks_directory: {Yaml.Quote(dataDirectory + "/chunks")}");
        y.Line(3, $"rules_directory: {Yaml.Quote(dataDirectory + "/rules")}");
        y.Line(0, "schema_config:");
        y.Line(1, "configs:");
        y.Line(2, "- from: '2024-01-01'");
        y.Line(3, "store: 'tsdb'");
        y.Line(3, "object_store: 'filesystem'");
        y.Line(3, "schema: 'v13'");
        y.Line(3, "index:");
        y.Line(4, "prefix: 'index_'");
        y.Line(4, "period: 24h");
        y.Line(0, "limits_config:");
        y.Line(1, $"retention_period: {retentionHours}h");
        y.Line(1, "reject_old_samples: true");
        y.Line(1, "reject_old_samples_max_age: 168h");
        y.Line(1, "ingestion_rate_mb: 8");
        y.Line(1, "ingestion_burst_size_mb: 16");
        y.Line(0, "compactor:");
        y.Line(1, $"working_directory: {Yaml.Quote(dataDirectory + "/compactor")}");
        y.Line(1, "compaction_interval: 10m");
        y.Line(1, "retention_enabled: true");
        y.Line(1, "retention_delete_delay: 2h");
        y.Line(1, "delete_request_store: 'filesystem'");
        y.Line(0, "analytics:");
        y.Line(1, "reporting_enabled: false");
        return y.ToString();
    }
}
