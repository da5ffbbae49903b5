namespace Infra.Blueprint.Backups;

/// <summary>
/// The bash helpers the backup and the restore drill both define, written once: <c>log</c>, <c>restic_</c>, and their
/// metrics text file for node-exporter (<c>previous NAME</c> reads a value of the last run back, so a failure keeps
/// the last success visible; <c>write_metrics STATUS SUCCESS DURATION</c> replaces the file in one rename).
/// </summary>
internal static class BackupJobShell
{
    /// <summary>The helpers, for a job that logs as <paramref name="logTag"/> (bash, expanded at each call) and writes <paramref name="metrics"/>.</summary>
    public static string Helpers(string logTag, MetricsFile metrics) => $$"""
        log() { printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "{{logTag}}" "$*" >&2; }

        restic_() { "$RESTIC_BIN" --quiet "$@"; }

        # The value of a metric in the last text file, so a failure keeps the last success visible.
        previous() {
          local value=
          [[ -f $METRICS_DIR/{{metrics.File}} ]] && value=$(sed -n "s/^$1 //p" "$METRICS_DIR/{{metrics.File}}")
          printf '%s' "${value:-0}"
        }

        write_metrics() {
          local status=$1 success=$2 duration=$3
          mkdir -p "$METRICS_DIR"
          cat >"$METRICS_DIR/.{{metrics.File}}.tmp" <<METRICS
        {{Gauge(metrics.LastSuccess, "$success")}}
        {{Gauge(metrics.LastDuration, "$duration")}}
        {{Gauge(metrics.LastStatus, "$status")}}
        METRICS
          chmod 644 "$METRICS_DIR/.{{metrics.File}}.tmp"
          mv "$METRICS_DIR/.{{metrics.File}}.tmp" "$METRICS_DIR/{{metrics.File}}"
        }
        """;

    private static string Gauge(Metric metric, string value) => $"""
        # HELP {metric.Name} {metric.Help}
        # TYPE {metric.Name} gauge
        {metric.Name} {value}
        """;

    /// <summary>A job's text file (under <c>$METRICS_DIR</c>) and its three gauges.</summary>
    public sealed record MetricsFile(string File, Metric LastSuccess, Metric LastDuration, Metric LastStatus);

    /// <summary>A gauge's name (from <see cref="BackupMetrics"/>) and its help text.</summary>
    public sealed record Metric(string Name, string Help);
}
