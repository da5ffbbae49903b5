using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Edge;

/// <summary>
/// The edge: nginx on every edge host, in front of the app replicas (and Grafana), publishing 80 and 443 in host
/// mode so it sees the peer's real address (Cloudflare's), which the Cloudflare-only rule and real_ip need. Two
/// nginx tasks cannot bind the same host port, so the edge updates stop-first, one host at a time, last in the rollout;
/// <see cref="EdgeUpdate"/> says how that fails no request.
/// </summary>
public static class Edge
{
    /// <summary>Where the rendered <c>nginx.conf</c> is mounted.</summary>
    public const string ConfigPath = "/etc/nginx/nginx.conf";

    /// <summary>The nginx service's limits; its worker count follows the CPU limit (<see cref="EdgeRuntime.WorkerProcesses"/>).</summary>
    public static readonly Resources Resources = new(1, 256, 64);

    /// <summary>The edge's part of the plan: the origin certificate, nginx.conf and the nginx service.</summary>
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
            Services =
            [
                new ServiceSpec
                {
                    Name = Layout.EdgeService,
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
                    Update = new UpdatePolicy(UpdateOrder.StopFirst, Parallelism: 1, DelaySeconds: 10, MonitorSeconds: 15, RollbackOnFailure: true, ConvergeTimeoutSeconds: 300),
                    Resources = Resources,
                    Placement = [Layout.Constraint("edge")],
                    Global = true,
                    Replicas = 0,
                    // Graceful: nginx finishes what it holds within its worker_shutdown_timeout, then exits before SIGKILL.
                    StopSignal = EdgeUpdate.StopSignal,
                    StopGraceSeconds = EdgeUpdate.StopGraceSeconds(settings.Edge),
                    After = [.. layout.AppReplicas, .. settings.Monitoring.Enabled ? [Layout.GrafanaService] : Array.Empty<string>()],
                },
            ],
        };
    }
}
