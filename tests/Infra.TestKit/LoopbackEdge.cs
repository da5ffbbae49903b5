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
            // wrk and the blackbox exporter address nginx by IP here; a foreign Host still meets the catch-all.
            ServerNameAliases = ["127.0.0.1"],
            // The config is rendered for the nginx these tiers start (Debian 12's 1.22 today), not the pinned image's.
            NginxVersion = NginxVersion,
        };
    }

    /// <summary>The release of this machine's nginx, which the loopback tiers start: what <c>nginx -v</c> prints after <c>nginx/</c>.</summary>
    public static Version NginxVersion => LocalNginx.Value;

    private static readonly Lazy<Version> LocalNginx = new(() =>
    {
        var result = Tools.Run(Tools.Require("nginx", "nginx-light"), ["-v"]);
        // "nginx version: nginx/1.22.1", on standard error.
        var at = result.Output.IndexOf("nginx/", StringComparison.Ordinal);
        return result.ExitCode == 0 && at >= 0
            ? NginxRelease.Parse(result.Output[(at + "nginx/".Length)..])
            : throw new InvalidOperationException($"nginx -v printed no version ({result.ExitCode}): {result.Output}");
    });
}
