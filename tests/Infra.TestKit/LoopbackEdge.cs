using Infra.Blueprint.Edge;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;

namespace Infra.TestKit;

/// <summary>The edge's runtime mapped onto loopback: replicas on local ports, files in a temp dir.</summary>
public static class LoopbackEdge
{
    /// <summary>A runtime for <paramref name="settings"/> whose upstreams are <paramref name="upstreamPorts"/> on 127.0.0.1.</summary>
    public static EdgeRuntime Runtime(StackSettings settings, TempDirectory dir, IReadOnlyList<int> upstreamPorts, int httpPort, int httpsPort, int statusPort)
    {
        var (certificate, key) = settings.Monitoring.Enabled
            ? SelfSignedCertificate.Create(dir, settings.Domain, otherNames: settings.Monitoring.GrafanaHostname)
            : SelfSignedCertificate.Create(dir, settings.Domain);
        Directory.CreateDirectory(dir.File("temp"));
        return EdgeRuntime.Swarm(Layout.Of(settings)) with
        {
            Upstreams = upstreamPorts.Select(p => $"127.0.0.1:{p}").ToList(),
            CertificatePath = certificate,
            KeyPath = key,
            HttpPort = httpPort,
            HttpsPort = httpsPort,
            StatusListen = $"127.0.0.1:{statusPort}",
            PidPath = dir.File("nginx.pid"),
            TempDirectory = dir.File("temp"),
            AccessLogPath = dir.File("access.log"),
            ErrorLogPath = dir.File("error.log"),
            MimeTypesPath = "/etc/nginx/mime.types",
            StatusSocket = settings.Monitoring.Enabled ? dir.File("status.sock") : null,
            GrafanaUpstream = settings.Monitoring.Enabled ? $"127.0.0.1:{Loopback.FreePort()}" : null,
        };
    }
}
