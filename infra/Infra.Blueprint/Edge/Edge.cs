using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Edge;

/// <summary>
/// The edge: nginx on every edge host, in front of the app replicas (and Grafana), publishing 80 and 443 in host
/// mode so it sees the peer's real address (Cloudflare's), which the Cloudflare-only rule and real_ip need. Two
/// nginx tasks cannot bind the same host port, so each edge host has its own service (<see cref="Layout.EdgeServices"/>),
/// updated stop-first after the previous host's, last in the rollout; <see cref="EdgeUpdate"/> says how that fails no request.
/// </summary>
public static class Edge
{
    /// <summary>Where the rendered <c>nginx.conf</c> is mounted.</summary>
    public const string ConfigPath = "/etc/nginx/nginx.conf";

    /// <summary>The nginx service's limits; its worker count follows the CPU limit (<see cref="EdgeRuntime.WorkerProcesses"/>).</summary>
    public static readonly Resources Resources = new(1, 256, 64);

    /// <summary>The edge's part of the plan: the origin certificate, nginx.conf and one nginx service per edge host.</summary>
    public static PlanPart Plan(Layout layout)
    {
        var settings = layout.Settings;
        var certificate = new CertificateSpec(Layout.OriginCertificate, layout.PublicHostnames, ValidityDays: 5475, KeyAlgorithm: "ECDSA");
        var runtime = EdgeRuntime.Swarm(layout);
        var conf = new ConfigFileSpec("nginx.conf", NginxConfig.Render(settings, runtime));
        return new PlanPart
        {
            Certificates = [certificate],
            Secrets = [new SecretSpec(certificate.KeySecretName, SecretKind.CertificateKey, From: certificate.Name)],
            Configs = [conf],
            Services = [.. layout.EdgeHosts.Select((host, i) => Service(layout, host.Name, runtime, conf, certificate, i == 0 ? null : layout.EdgeServices[layout.EdgeHosts[i - 1].Name]))],
        };
    }

    // The nginx of one edge host, pinned to it; each host's service follows the previous host's, one host at a time.
    private static ServiceSpec Service(Layout layout, string host, EdgeRuntime runtime, ConfigFileSpec conf, CertificateSpec certificate, string? previous)
    {
        var settings = layout.Settings;
        return new ServiceSpec
        {
            Name = layout.EdgeServices[host],
            Image = Images.Nginx.ToString(),
            Networks = settings.Monitoring.Enabled ? [Layout.EdgeNetwork, Layout.EdgeGrafanaNetwork] : [Layout.EdgeNetwork],
            Secrets = [new SecretMount(certificate.KeySecretName, certificate.KeySecretName)],
            Configs =
            [
                new ConfigMount(conf.Key, ConfigPath),
                new ConfigMount(EdgeRuntime.CertificateConfigKey, runtime.CertificatePath),
            ],
            Volumes = settings.Monitoring.Enabled ? [new VolumeMount(Layout.EdgeStatusVolume, EdgeRuntime.StatusSocketDirectory)] : [],
            Ports = [new PortSpec(runtime.HttpPort, runtime.HttpPort, "tcp", HostMode: true), new PortSpec(runtime.HttpsPort, runtime.HttpsPort, "tcp", HostMode: true)],
            Healthcheck = new Healthcheck(["CMD-SHELL", $"wget -q -O /dev/null http://127.0.0.1:{EdgeRuntime.StatusPort}/healthz || exit 1"], 5, 3, 3, 5),
            // Host-mode ports: the new task can bind them only once the old one stopped.
            Update = new UpdatePolicy(UpdateOrder.StopFirst, Parallelism: 1, DelaySeconds: 10, MonitorSeconds: 15, RollbackOnFailure: true, ConvergeTimeoutSeconds: 300),
            Resources = Resources,
            Placement = [Layout.Constraint("edge"), Layout.OnHost(host)],
            Replicas = 1,
            // Graceful: nginx finishes what it holds within its worker_shutdown_timeout, then exits before SIGKILL.
            StopSignal = EdgeUpdate.StopSignal,
            StopGraceSeconds = EdgeUpdate.StopGraceSeconds(settings.Edge),
            After = [.. layout.AppReplicas, .. settings.Monitoring.Enabled ? [Layout.GrafanaService] : Array.Empty<string>(), .. previous is null ? Array.Empty<string>() : [previous]],
        };
    }
}
