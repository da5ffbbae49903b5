namespace Infra.Blueprint.Monitoring;

/// <summary>
/// What the TLS probe (<see cref="TlsProbe"/>) publishes, labelled <c>target="{address}"</c>: a Prometheus text file in
/// node-exporter's textfile directory on the db host (the volume <see cref="Backups.BackupMetrics.TextfileVolume"/>).
/// Alert rules and tests are written on these names.
/// </summary>
public static class TlsProbeMetrics
{
    /// <summary>1 when the last probe read the certificate and it verified against the internal CA for the target's name, else 0.</summary>
    public const string Success = "infra_tls_probe_success";

    /// <summary>The served certificate's notAfter as Unix time; absent when no certificate was read.</summary>
    public const string CertificateExpiry = "infra_tls_certificate_expiry_timestamp_seconds";

    /// <summary>Unix time the last probe ran, whatever its outcome: a probe that stopped running goes stale.</summary>
    public const string LastRun = "infra_tls_probe_last_run_timestamp_seconds";

    /// <summary>The label naming the probed address.</summary>
    public const string Label = "target";

    /// <summary>The file the probe writes.</summary>
    public const string File = "infra_tls_probe.prom";

    /// <summary>Every metric name, for the monitoring engineer's tests.</summary>
    public static IReadOnlyList<string> All { get; } = [Success, CertificateExpiry, LastRun];
}
