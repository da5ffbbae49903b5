using Infra.Blueprint.Platform;

using System.Text;

namespace Infra.Blueprint.Hosts;

/// <summary>
/// Scripts that form the Swarm: init on the leader, join on the others, node labels on the leader.
/// Each is idempotent; tokens and addresses arrive as environment variables, never in the text.
/// </summary>
public static class SwarmScripts
{
    /// <summary>Path of the init script in the rendered files.</summary>
    public const string InitPath = "swarm/init.sh";

    /// <summary>Path of the join script.</summary>
    public const string JoinPath = "swarm/join.sh";

    /// <summary>Path of the label script.</summary>
    public const string LabelPath = "swarm/label.sh";

    /// <summary>
    /// Initialises the Swarm on the leader unless it is already part of one, then prints the worker and
    /// manager join tokens as two lines. Expects <c>ADVERTISE_ADDR</c>.
    /// </summary>
    public static string Init() => """
        #!/usr/bin/env bash
        # Rendered by Infra: initialise the Swarm on the leader (idempotent) and print the join tokens.
        set -euo pipefail
        : "${ADVERTISE_ADDR:?set ADVERTISE_ADDR to the leader address}"
        state=$(docker info --format '{{.Swarm.LocalNodeState}}')
        if [[ "$state" != "active" ]]; then
          docker swarm init --advertise-addr "$ADVERTISE_ADDR" >/dev/null
        fi
        docker swarm join-token -q worker
        docker swarm join-token -q manager

        """;

    /// <summary>
    /// Joins this host to the Swarm unless it is in one already. Expects <c>JOIN_TOKEN</c>,
    /// <c>LEADER_ADDR</c> and <c>ADVERTISE_ADDR</c>.
    /// </summary>
    public static string Join() => """
        #!/usr/bin/env bash
        # Rendered by Infra: join this host to the Swarm (idempotent).
        set -euo pipefail
        : "${JOIN_TOKEN:?set JOIN_TOKEN}" "${LEADER_ADDR:?set LEADER_ADDR}" "${ADVERTISE_ADDR:?set ADVERTISE_ADDR}"
        state=$(docker info --format '{{.Swarm.LocalNodeState}}')
        if [[ "$state" != "active" ]]; then
          docker swarm join --token "$JOIN_TOKEN" --advertise-addr "$ADVERTISE_ADDR" "$LEADER_ADDR:2377"
        fi

        """;

    /// <summary>Sets every node's labels on the leader, removing platform labels a node no longer has.</summary>
    public static string Label(Plan plan)
    {
        var s = new StringBuilder();
        s.Append("""
            #!/usr/bin/env bash
            # Rendered by Infra: set the Swarm node labels placement relies on (idempotent).
            set -euo pipefail

            label() {
              local node=$1
              shift
              local current
              current=$(docker node inspect "$node" --format '{{range $k, $v := .Spec.Labels}}{{$k}} {{end}}')
              for key in $current; do
                case "$key" in
                  infra.*) docker node update --label-rm "$key" "$node" >/dev/null ;;
                esac
              done
              for pair in "$@"; do
                docker node update --label-add "$pair" "$node" >/dev/null
              done
            }

            """);
        foreach (var host in plan.Hosts)
        {
            s.Append("label ").Append(host.Name);
            foreach (var (key, value) in host.NodeLabels)
            {
                s.Append(' ').Append(key).Append('=').Append(value);
            }

            s.Append('\n');
        }

        return s.ToString();
    }
}
