using Infra.Blueprint.Settings;

namespace Infra.Blueprint;

/// <summary>
/// Every third-party image the platform deploys, pinned by version and digest in this one place.
/// To upgrade: pick the new tag, read its digest with <c>docker buildx imagetools inspect &lt;image:tag&gt;</c>
/// (the index digest, so every architecture resolves), change the line, and review the plan diff.
/// </summary>
public static class Images
{
    /// <summary>nginx, the edge load balancer.</summary>
    public static readonly ImageReference Nginx = Pin("nginx:1.27.3-alpine@sha256:41523187cf7d7a2f2677a80609d9caa14388bf5c1fbca9c410ba3de602aaaab4");

    /// <summary>Redis, the cache.</summary>
    public static readonly ImageReference Redis = Pin("redis:7.4.1-alpine@sha256:c1e88455c85225310bbea54816e9c3f4b5295815e6dbf80c34d40afc6df28275");

    /// <summary>PgBouncer, the connection pool in front of Postgres (runs as uid 70).</summary>
    public static readonly ImageReference PgBouncer = Pin("edoburu/pgbouncer:v1.25.1-p0@sha256:c7bfcaa24de830e29588bb9ad1eb39cebaf07c27149e1974445899b695634bb4");

    /// <summary>restic, only as the source of its static binary, which the backup-tools job copies next to pg_dump.</summary>
    public static readonly ImageReference Restic = Pin("restic/restic:0.17.3@sha256:8f5a62b422a2cb1277ea0dd6e826fe1acf649e5b9f02d60e5268d5fd1976255a");

    /// <summary>Postgres, by supported major version (<c>infra:postgres.version</c>).</summary>
    public static readonly IReadOnlyDictionary<int, ImageReference> Postgres = new Dictionary<int, ImageReference>
    {
        [15] = Pin("postgres:15.8-alpine@sha256:36456aa1a5dd9f8cb8e66d0ee1896473e2cbec5afeb8a9b5e42b43e92e99b5ad"),
        [16] = Pin("postgres:16.4-alpine@sha256:5660c2cbfea50c7a9127d17dc4e48543eedd3d7a41a595a2dfa572471e37e64c"),
        [17] = Pin("postgres:17.2-alpine@sha256:7e5df973a74872482e320dcbdeb055e178d6f42de0558b083892c50cda833c96"),
    };

    // Monitoring. Each digest is the multi-architecture index digest of its tag, as published in several public
    // repositories that pin these images (cross-checked where more than one does); docs/monitoring.md lists them.

    /// <summary>Prometheus.</summary>
    public static readonly ImageReference Prometheus = Pin("prom/prometheus:v2.55.1@sha256:2659f4c2ebb718e7695cb9b25ffa7d6be64db013daba13e05c875451cf51b0d3");

    /// <summary>Alertmanager.</summary>
    public static readonly ImageReference Alertmanager = Pin("prom/alertmanager:v0.27.0@sha256:e13b6ed5cb929eeaee733479dce55e10eb3bc2e9c4586c705a4e8da41e5eacf5");

    /// <summary>Grafana.</summary>
    public static readonly ImageReference Grafana = Pin("grafana/grafana:11.4.0@sha256:d8ea37798ccc41061a62ab080f2676dda6bf7815558499f901bdb0f533a456fb");

    /// <summary>Loki, the log store.</summary>
    public static readonly ImageReference Loki = Pin("grafana/loki:3.3.2@sha256:8af2de1abbdd7aa92b27c9bcc96f0f4140c9096b507c77921ffddf1c6ad6c48f");

    /// <summary>Grafana Alloy, the log shipper on every node.</summary>
    public static readonly ImageReference Alloy = Pin("grafana/alloy:v1.4.2@sha256:625174f60ee3287a4ec9de7e818805f117376f1375169bc73482b41540697376");

    /// <summary>node-exporter, host metrics on every node.</summary>
    public static readonly ImageReference NodeExporter = Pin("prom/node-exporter:v1.8.2@sha256:4032c6d5bfd752342c3e631c2f1de93ba6b86c41db6b167b9a35372c139e7706");

    /// <summary>cAdvisor, container metrics on every node.</summary>
    public static readonly ImageReference Cadvisor = Pin("gcr.io/cadvisor/cadvisor:v0.49.1@sha256:3cde6faf0791ebf7b41d6f8ae7145466fed712ea6f252c935294d2608b1af388");

    /// <summary>The Postgres exporter.</summary>
    public static readonly ImageReference PostgresExporter = Pin("prometheuscommunity/postgres-exporter:v0.15.0@sha256:386b12d19eab2a37d7cd8ca8b4c7491cc7a830d9581f49af6c98a393da9605e6");

    /// <summary>The Redis exporter.</summary>
    public static readonly ImageReference RedisExporter = Pin("oliver006/redis_exporter:v1.66.0@sha256:d98e6db8094f491b95791e9f776b0ba30a20aeacb90e18334935d5e51bf2e6a1");

    /// <summary>The nginx exporter (reads <c>stub_status</c>).</summary>
    public static readonly ImageReference NginxExporter = Pin("nginx/nginx-prometheus-exporter:1.4.2@sha256:6edfb73afd11f2d83ea4e8007f5068c3ffaa38078a6b0ad1339e5bd2f637aacd");

    /// <summary>The blackbox exporter, probing URLs.</summary>
    public static readonly ImageReference BlackboxExporter = Pin("prom/blackbox-exporter:v0.25.0@sha256:b04a9fef4fa086a02fc7fcd8dcdbc4b7b35cc30cdee860fdc6a19dd8b208d63e");

    private static ImageReference Pin(string reference) =>
        ImageReference.TryParse(reference, out var image, out var problem) ? image! : throw new InvalidOperationException(problem);
}
