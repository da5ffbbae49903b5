using Infra.Blueprint.Edge;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Platform;

// The edge: nginx on every edge host, publishing 80 and 443 in host mode so it sees the peer's real
// address (Cloudflare's), which the Cloudflare-only rule and real_ip need. Two nginx tasks cannot bind
// the same host port, so the edge updates stop-first, one host at a time.
public static partial class Planner
{
    /// <summary>Service name of nginx.</summary>
    public const string EdgeService = "edge";

    /// <summary>Symbolic name of the Cloudflare origin certificate.</summary>
    public const string OriginCertificate = "origin";

    private static void AddEdge(StackSettings settings, List<SecretSpec> secrets, List<ConfigFileSpec> configs, List<ServiceSpec> services, List<CertificateSpec> certificates)
    {
        var certificate = new CertificateSpec(OriginCertificate, PublicHostnames(settings), ValidityDays: 5475, KeyAlgorithm: "ECDSA");
        certificates.Add(certificate);
        secrets.Add(new SecretSpec(certificate.KeySecretName, SecretKind.CertificateKey, From: certificate.Name));

        var runtime = EdgeRuntime.Swarm(settings);
        var nginxConf = new ConfigFileSpec("nginx.conf", NginxConfig.Render(settings, runtime));
        configs.Add(nginxConf);

        services.Add(new ServiceSpec(
            Name: EdgeService,
            Image: Images.Nginx.ToString(),
            Command: [],
            Environment: new SortedDictionary<string, string>(StringComparer.Ordinal),
            Networks: [EdgeNetwork],
            Secrets: [new SecretMount(certificate.KeySecretName, certificate.KeySecretName)],
            Configs:
            [
                new ConfigMount(nginxConf.Key, "/etc/nginx/nginx.conf"),
                new ConfigMount(EdgeRuntime.CertificateConfigKey, runtime.CertificatePath),
            ],
            Volumes: settings.Monitoring.Enabled ? [new VolumeMount(EdgeStatusVolume, EdgeRuntime.StatusSocketDirectory)] : [],
            Ports: [new PortSpec(80, 80, "tcp", HostMode: true), new PortSpec(443, 443, "tcp", HostMode: true)],
            Healthcheck: new Healthcheck(["CMD-SHELL", $"wget -q -O /dev/null http://127.0.0.1:{EdgeRuntime.StatusPort}/healthz || exit 1"], 5, 3, 3, 5),
            Update: new UpdatePolicy(UpdateOrder.StopFirst, Parallelism: 1, DelaySeconds: 10, MonitorSeconds: 15, RollbackOnFailure: true, ConvergeTimeoutSeconds: 300),
            Resources: new Resources(1, 256, 64),
            Placement: [Constraint("edge")],
            Global: true,
            Replicas: 0,
            StopGraceSeconds: 30,
            Stateful: false,
            After: [.. Enumerable.Range(1, settings.App.Replicas).Select(AppReplica), .. settings.Monitoring.Enabled ? [GrafanaService] : Array.Empty<string>()]));
    }
}
