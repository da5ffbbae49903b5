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
        var file = new LokiFile(
            AuthEnabled: false,
            new Server(port, GrpcListenPort: 9096, LogLevel: "warn"),
            new Common(
                InstanceAddr: "127.0.0.1",
                PathPrefix: dataDirectory,
                ReplicationFactor: 1,
                new Ring(new KvStore("inmemory")),
                new Storage(new Filesystem($"{dataDirectory}/chunks", $"{dataDirectory}/rules"))),
            new SchemaConfig([new PeriodConfig("2024-01-01", "tsdb", "filesystem", "v13", new SchemaIndex("index_", "24h"))]),
            new Limits(
                RetentionPeriod: Yaml.Duration(TimeSpan.FromDays(monitoring.LogRetentionDays)),
                RejectOldSamples: true,
                RejectOldSamplesMaxAge: "168h",
                IngestionRateMb: 8,
                IngestionBurstSizeMb: 16),
            new Compactor($"{dataDirectory}/compactor", CompactionInterval: "10m", RetentionEnabled: true, RetentionDeleteDelay: "2h", DeleteRequestStore: "filesystem"),
            new Analytics(ReportingEnabled: false));
        return Yaml.Document("Rendered by Infra from infra:monitoring.* settings. Do not edit on the server.", file);
    }

    private sealed record LokiFile(bool AuthEnabled, Server Server, Common Common, SchemaConfig SchemaConfig, Limits LimitsConfig, Compactor Compactor, Analytics Analytics);

    private sealed record Server(int HttpListenPort, int GrpcListenPort, string LogLevel);

    private sealed record Common(string InstanceAddr, string PathPrefix, int ReplicationFactor, Ring Ring, Storage Storage);

    private sealed record Ring(KvStore Kvstore);

    private sealed record KvStore(string Store);

    private sealed record Storage(Filesystem Filesystem);

    private sealed record Filesystem(string ChunksDirectory, string RulesDirectory);

    private sealed record SchemaConfig(IReadOnlyList<PeriodConfig> Configs);

    private sealed record PeriodConfig(string From, string Store, string ObjectStore, string Schema, SchemaIndex Index);

    private sealed record SchemaIndex(string Prefix, string Period);

    private sealed record Limits(string RetentionPeriod, bool RejectOldSamples, string RejectOldSamplesMaxAge, int IngestionRateMb, int IngestionBurstSizeMb);

    private sealed record Compactor(string WorkingDirectory, string CompactionInterval, bool RetentionEnabled, string RetentionDeleteDelay, string DeleteRequestStore);

    private sealed record Analytics(bool ReportingEnabled);
}
