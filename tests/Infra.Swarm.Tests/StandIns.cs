using Infra.Blueprint;
using Infra.Blueprint.Settings;
using Infra.TestKit;

namespace Infra.Swarm.Tests;

/// <summary>
/// The stand-in images (tests/images, built from Debian packages by build.sh, cached by content hash on the machine's
/// engine) pushed into a node's registry, and which pinned image each stands in for.
/// </summary>
public static class StandIns
{
    /// <summary>
    /// Builds (or finds) every stand-in, and the Swarm node (the hosts tier's test server with docker.io, built by
    /// <see cref="DebianImages"/> on its <c>test-host</c> image); returns stand-in name → local tag, "node" included.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Build()
    {
        var node = Task.Run(() => DebianImages.Build("node", onto: DebianImages.Build("test-host")));
        var result = Shell.Run("bash", [Repository.PathOf("tests/images/build.sh")], timeout: TimeSpan.FromMinutes(15));
        var built = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1]);
        built["node"] = node.GetAwaiter().GetResult();
        return built;
    }

    /// <summary>Which stand-in replaces each pinned image of <paramref name="settings"/>; an image not listed is not deployed.</summary>
    public static IReadOnlyDictionary<string, string> For(StackSettings settings) => new Dictionary<string, string>
    {
        [settings.App.Image.ToString()] = "app",
        [Images.Postgres[settings.Postgres.Version].ToString()] = "postgres",
        [Images.PgBouncer.ToString()] = "pgbouncer",
        [Images.Redis.ToString()] = "redis",
        [Images.Nginx.ToString()] = "nginx",
        [Images.Restic.ToString()] = "restic",
        // Not Grafana: an HTTP stand-in answering /api/health, so nginx resolves `grafana` at start (docs/swarm.md).
        [Images.Grafana.ToString()] = "grafana",
        // One recipe, tests/images/monitoring: a stage per pinned image, named in its `targets`.
        [Images.Prometheus.ToString()] = "prometheus",
        [Images.Alertmanager.ToString()] = "alertmanager",
        [Images.NodeExporter.ToString()] = "node-exporter",
        [Images.BlackboxExporter.ToString()] = "blackbox-exporter",
        [Images.PostgresExporter.ToString()] = "postgres-exporter",
        [Images.RedisExporter.ToString()] = "redis-exporter",
        [Images.NginxExporter.ToString()] = "nginx-exporter",
    };

    /// <summary>The stand-ins of the monitoring recipe (its <c>targets</c>).</summary>
    public static IReadOnlySet<string> Monitoring { get; } =
        File.ReadAllLines(Repository.PathOf("tests/images/monitoring/targets")).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
}
