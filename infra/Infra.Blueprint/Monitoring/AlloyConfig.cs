using System.Text;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Monitoring;

/// <summary>
/// Renders Grafana Alloy's <c>config.alloy</c>: on every node, discover the containers through the Docker socket,
/// label their logs with the Swarm service, task and node, and push them to Loki. (Promtail is end-of-life.)
/// </summary>
public static class AlloyConfig
{
    /// <summary>The Docker socket as mounted into the Alloy container.</summary>
    public const string DockerSocket = "/var/run/docker.sock";

    /// <summary>Renders the file.</summary>
    public static string Render(StackSettings settings, MonitoringRuntime runtime)
    {
        var loki = runtime.Map($"{Layout.LokiService}:{Layout.LokiPort}") ?? "";
        var s = new StringBuilder();
        s.Append($$"""
            // Rendered by Infra. Do not edit on the server.
            discovery.docker "containers" {
              host             = "unix://{{DockerSocket}}"
              refresh_interval = "15s"
            }

            discovery.relabel "containers" {
              targets = []

              rule {
                source_labels = ["__meta_docker_container_label_com_docker_swarm_service_name"]
                target_label  = "service"
              }

              rule {
                source_labels = ["__meta_docker_container_label_com_docker_swarm_task_name"]
                target_label  = "task"
              }

              rule {
                source_labels = ["__meta_docker_container_name"]
                regex         = "/(.*)"
                target_label  = "container"
              }
            }

            loki.source.docker "containers" {
              host          = "unix://{{DockerSocket}}"
              targets       = discovery.docker.containers.targets
              relabel_rules = discovery.relabel.containers.rules
              forward_to    = [loki.write.loki.receiver]
            }

            loki.write "loki" {
              endpoint {
                url = "http://{{loki}}/loki/api/v1/push"
              }

              external_labels = {
                stack = "{{settings.Stack}}",
                host  = constants.hostname,
              }
            }

            """);
        return s.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
