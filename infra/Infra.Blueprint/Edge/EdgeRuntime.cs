using Infra.Blueprint.Platform;
using Infra.Contract;

namespace Infra.Blueprint.Edge;

/// <summary>
/// Where nginx finds things at run time: upstream addresses, certificate files, ports and writable
/// paths. <see cref="Swarm"/> is the deployed layout; tests map the same config onto loopback.
/// </summary>
/// <param name="Upstreams">Address (<c>host:port</c>) of each app replica, in order.</param>
/// <param name="CertificatePath">Origin certificate (PEM).</param>
/// <param name="KeyPath">Origin certificate's private key (PEM).</param>
/// <param name="HttpPort">Plain HTTP listener (redirects).</param>
/// <param name="HttpsPort">TLS listener.</param>
/// <param name="StatusListen">Internal listener for health and <c>stub_status</c>.</param>
/// <param name="PidPath">nginx pid file.</param>
/// <param name="TempDirectory">Directory for nginx's temp paths.</param>
/// <param name="AccessLogPath">Access log destination.</param>
/// <param name="ErrorLogPath">Error log destination.</param>
/// <param name="MimeTypesPath">The <c>mime.types</c> file to include.</param>
/// <param name="StatusSocket">Unix socket the status listener also binds, for the nginx exporter on the same node; null for none.</param>
/// <param name="GrafanaUpstream">Address (<c>host:port</c>) of Grafana, served on the Grafana host name; null when monitoring is off.</param>
/// <param name="WorkerProcesses">nginx worker processes: the edge service's CPU limit, so workers do not share a CPU quota they would exceed.</param>
public sealed record EdgeRuntime(
    IReadOnlyList<string> Upstreams,
    string CertificatePath,
    string KeyPath,
    int HttpPort,
    int HttpsPort,
    string StatusListen,
    string PidPath,
    string TempDirectory,
    string AccessLogPath,
    string ErrorLogPath,
    string MimeTypesPath,
    string? StatusSocket = null,
    string? GrafanaUpstream = null,
    int WorkerProcesses = 1)
{
    /// <summary>
    /// Extra names the app's server answers besides the domain. Empty on the Swarm; loopback tests add <c>127.0.0.1</c>
    /// because wrk and Prometheus's blackbox there address nginx by IP. Every other Host still meets the catch-all.
    /// </summary>
    public IReadOnlyList<string> ServerNameAliases { get; init; } = [];

    /// <summary>
    /// Peers whose <c>CF-Connecting-IP</c> header nginx believes, and the only ones admitted when
    /// <c>infra:edge.cloudflareOnly</c> is on: Cloudflare's ranges. Tests put a loopback address in their place.
    /// </summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = CloudflareRanges.All;

    /// <summary>
    /// The nginx release that reads the config, which decides how HTTP/2 is switched on (<see cref="NginxRelease"/>).
    /// The Swarm's is the pinned image's; loopback tests put the local binary's in its place.
    /// </summary>
    public Version NginxVersion { get; init; } = NginxRelease.Pinned;

    /// <summary>The edge's public plain HTTP port (redirects to HTTPS).</summary>
    public const int PublicHttpPort = 80;

    /// <summary>The edge's public TLS port.</summary>
    public const int PublicHttpsPort = 443;

    /// <summary>Port of the internal status listener inside the container.</summary>
    public const int StatusPort = 8081;

    /// <summary>Directory of <see cref="StatusSocket"/> in the nginx and nginx-exporter containers (a per-node volume both mount).</summary>
    public const string StatusSocketDirectory = "/var/run/nginx-status";

    /// <summary>Config key of the origin certificate file.</summary>
    public const string CertificateConfigKey = "origin.crt";

    /// <summary>The layout inside the nginx container on the Swarm.</summary>
    public static EdgeRuntime Swarm(Layout layout) => new(
        layout.AppUpstreams,
        CertificatePath: "/etc/nginx/tls/origin.crt",
        KeyPath: AppContract.Secrets.PathOf(CertificateSpec.KeySecretOf(Layout.OriginCertificate)),
        HttpPort: PublicHttpPort,
        HttpsPort: PublicHttpsPort,
        StatusListen: $"127.0.0.1:{StatusPort}",
        PidPath: "/var/run/nginx.pid",
        TempDirectory: "/var/cache/nginx",
        AccessLogPath: "/dev/stdout",
        ErrorLogPath: "/dev/stderr",
        MimeTypesPath: "/etc/nginx/mime.types",
        StatusSocket: layout.Settings.Monitoring.Enabled ? $"{StatusSocketDirectory}/status.sock" : null,
        GrafanaUpstream: layout.Settings.Monitoring.Enabled ? $"{Layout.GrafanaService}:{Layout.GrafanaPort}" : null,
        WorkerProcesses: (int)Math.Max(1, Math.Ceiling(Edge.Resources.LimitCpus)));
}
