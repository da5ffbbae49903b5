using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Monitoring;

/// <summary>Alertmanager on the monitoring host: routes alerts to email and Slack with the credentials the stack config holds.</summary>
public static class Alertmanager
{
    /// <summary>The uid the Alertmanager image runs as (nobody).</summary>
    public const string Uid = "65534";

    /// <summary>Where the rendered <c>alertmanager.yml</c> is mounted.</summary>
    public const string ConfigPath = "/etc/alertmanager/alertmanager.yml";

    /// <summary>Alertmanager's part of the plan; nothing when monitoring is off.</summary>
    public static PlanPart Plan(Layout layout)
    {
        if (layout.MonitoringHost is not { } host)
        {
            return PlanPart.None;
        }

        var m = layout.Settings.Monitoring;
        var secrets = new List<SecretSpec>();
        if (m.PostsToSlack)
        {
            secrets.Add(new SecretSpec(AlertmanagerConfig.SlackWebhookSecret, SecretKind.StackConfig, From: ConfigKeys.MonitoringSlackWebhook.FullName));
        }

        if (m.EmailsAlerts && m.Smtp!.Username.Length > 0)
        {
            secrets.Add(new SecretSpec(AlertmanagerConfig.SmtpPasswordSecret, SecretKind.StackConfig, From: ConfigKeys.MonitoringSmtpPassword.FullName));
        }

        var config = new ConfigFileSpec("alertmanager.yml", AlertmanagerConfig.Render(layout.Settings, MonitoringRuntime.Swarm));
        return new PlanPart
        {
            Secrets = secrets,
            Volumes = [new VolumeSpec(Layout.AlertmanagerVolume, host.Name, Stateful: true, Protected: layout.Settings.Production)],
            Configs = [config],
            Services =
            [
                new ServiceSpec
                {
                    Name = Layout.AlertmanagerService,
                    Image = Images.Alertmanager.ToString(),
                    Command = [$"--config.file={ConfigPath}", "--storage.path=/alertmanager", "--cluster.listen-address="],
                    Networks = [Layout.MonitoringNetwork],
                    Secrets = [.. secrets.Select(s => new SecretMount(s.Name, s.Name, Uid: Uid))],
                    Configs = [new ConfigMount(config.Key, ConfigPath)],
                    Volumes = [new VolumeMount(Layout.AlertmanagerVolume, "/alertmanager")],
                    Healthcheck = MonitoringDefaults.Wget(Layout.AlertmanagerPort, "/-/ready"),
                    Update = MonitoringDefaults.Stateful,
                    Resources = new Resources(0.5m, 128, 64),
                    Placement = MonitoringDefaults.OnMonitoringHost,
                    StopGraceSeconds = 30,
                    Stateful = true,
                },
            ],
        };
    }
}
