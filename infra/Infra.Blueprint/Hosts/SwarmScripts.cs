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

    /// <summary>
    /// Prepends <c>export NAME='value'</c> lines to <paramref name="script"/>, for scripts fed on standard
    /// input: SSH servers drop client environment variables unless <c>AcceptEnv</c> lists them, and
    /// <c>sudo</c> resets the environment, so values travel inside the script text (never on the command line).
    /// </summary>
    public static string WithEnvironment(string script, IReadOnlyDictionary<string, string> environment)
    {
        var s = new StringBuilder();
        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            s.Append("export ").Append(name).Append("='").Append(value.Replace("'", "'\\''", StringComparison.Ordinal)).Append("'\n");
        }

        return s.Append(script).ToString();
    }

    /// <summary>Reads the worker and manager join tokens from the standard output of <see cref="Init"/>.</summary>
    public static JoinTokens ParseJoinTokens(string stdout)
    {
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 2
            ? new JoinTokens(lines[0], lines[1])
            : throw new FormatException($"swarm init printed {lines.Length} line(s); expected the worker and the manager join token, one per line");
    }

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
