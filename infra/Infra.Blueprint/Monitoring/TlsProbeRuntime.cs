using System.Globalization;
using Infra.Blueprint.Backups;
using Infra.Blueprint.Data;
using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Monitoring;

/// <summary>One certificate the TLS probe reads.</summary>
/// <param name="Address">Where it connects (<c>host:port</c>), also the <c>target</c> label.</param>
/// <param name="ServerName">The name the certificate must carry (SNI and hostname verification), as its clients verify it.</param>
/// <param name="StartTls">openssl's <c>-starttls</c> protocol (<c>postgres</c>: TLS after Postgres's SSLRequest); empty for plain TLS.</param>
public sealed record TlsProbeTarget(string Address, string ServerName, string StartTls);

/// <summary>
/// Where the TLS probe finds things at run time. <see cref="Swarm"/> is the layout in its task on the Swarm; tests map
/// the rendered script onto loopback.
/// </summary>
/// <param name="Targets">The certificates to read.</param>
/// <param name="CaFile">The internal CA the certificates must verify against (what the app trusts).</param>
/// <param name="MetricsDirectory">node-exporter's textfile directory.</param>
/// <param name="IntervalSeconds">Time between two probes.</param>
/// <param name="TimeoutSeconds">Time one handshake may take.</param>
public sealed record TlsProbeRuntime(IReadOnlyList<TlsProbeTarget> Targets, string CaFile, string MetricsDirectory, int IntervalSeconds, int TimeoutSeconds)
{
    /// <summary>Time between two probes on the Swarm: an expiry moves by days, a broken certificate shows within minutes.</summary>
    public const int DefaultIntervalSeconds = 300;

    /// <summary>The layout in the probe's task: PgBouncer by its service name, as the app reaches it.</summary>
    public static TlsProbeRuntime Swarm { get; } = new(
        [new TlsProbeTarget($"{Layout.PgBouncerService}:{PgBouncerRuntime.DefaultPort.ToString(CultureInfo.InvariantCulture)}", Layout.PgBouncerService, "postgres")],
        Layout.InternalCaPath,
        BackupMetrics.TextfileDirectory,
        DefaultIntervalSeconds,
        TimeoutSeconds: 10);

    /// <summary>How long a probe's last run may be old before it counts as stopped: three intervals.</summary>
    public TimeSpan MaxAge => TimeSpan.FromSeconds(3 * IntervalSeconds);
}
