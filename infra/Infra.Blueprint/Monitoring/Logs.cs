using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Monitoring;

/// <summary>Log collection: Alloy on every node reads the containers' logs and ships them to Loki on the monitoring host.</summary>
public static class Logs
{
    /// <summary>Where the rendered <c>loki.yaml</c> is mounted.</summary>
    public const string LokiConfigPath = "/etc/loki/loki.yaml";

    /// <summary>Where the rendered <c>config.alloy</c> is mounted.</summary>
    public const string AlloyConfigPath = "/etc/alloy/config.alloy";

    /// <summary>The log pipeline's part of the plan; nothing when monitoring is off.</summary>
    public static PlanPart Plan(Layout layout)
    {
        if (layout.MonitoringHost is not { } host)
        {
            return PlanPart.None;
        }

        var loki = new ConfigFileSpec("loki.yaml", LokiConfig.Render(layout.Settings.Monitoring));
        var alloy = new ConfigFileSpec("config.alloy", AlloyConfig.Render(layout.Settings, MonitoringRuntime.Swarm));
        return new PlanPart
        {
            Volumes = [new VolumeSpec(Layout.LokiVolume, host.Name, Stateful: true, Protected: layout.Settings.Production)],
            Configs = [loki, alloy],
            Services =
            [
                new ServiceSpec
                {
                    Name = Layout.LokiService,
                    Image = Images.Loki.ToString(),
                    Command = [$"-config.file={LokiConfigPath}"],
                    Networks = [Layout.MonitoringNetwork],
                    Configs = [new ConfigMount(loki.Key, LokiConfigPath)],
                    Volumes = [new VolumeMount(Layout.LokiVolume, "/loki")],
                    // The Loki image is distroless with busybox: no /bin/sh, so the exec form.
                    Healthcheck = new Healthcheck(["CMD", "wget", "-q", "-O", "/dev/null", $"http://127.0.0.1:{Layout.LokiPort}/ready"], 10, 5, 5, 60),
                    Update = MonitoringDefaults.Stateful,
                    Resources = new Resources(1, 1024, 256),
                    Placement = MonitoringDefaults.OnMonitoringHost,
                    StopGraceSeconds = 30,
                    Stateful = true,
                },
                new ServiceSpec
                {
                    Name = Layout.AlloyService,
                    Image = Images.Alloy.ToString(),
                    Command = ["run", $"--server.http.listen-addr=0.0.0.0:{Layout.AlloyPort}", "--storage.path=/var/lib/alloy/data", AlloyConfigPath],
                    Networks = [Layout.MonitoringNetwork],
                    Configs = [new ConfigMount(alloy.Key, AlloyConfigPath)],
                    // The Alloy image has bash but neither wget nor curl.
                    Healthcheck = new Healthcheck(["CMD", "bash", "-c", $"exec 3<>/dev/tcp/127.0.0.1/{Layout.AlloyPort} && printf 'GET /-/ready HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"], 15, 5, 3, 30),
                    Update = MonitoringDefaults.Agent,
                    Resources = new Resources(0.5m, 256, 64),
                    Global = true,
                    Replicas = 0,
                    StopGraceSeconds = 10,
                    After = [Layout.LokiService],
                    HostMounts = [new HostMount(AlloyConfig.DockerSocket, AlloyConfig.DockerSocket)],
                    Hostname = Layout.NodeHostname,
                },
            ],
        };
    }
}
