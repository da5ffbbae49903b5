using Infra.Blueprint.Platform;


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

    /// <summary>Path of the members script (roles, labels, removal of nodes no longer planned).</summary>
    public const string MembersPath = "swarm/members.sh";

    /// <summary>
    /// The command a host runs when it leaves the plan (the delete of its join): leave the Swarm, if still in one.
    /// Runs after <see cref="Members"/> drained, demoted and removed the node; a remote command line, no script.
    /// </summary>
    public const string Leave = """bash -c 'state=$(docker info --format "{{.Swarm.LocalNodeState}}"); if [ "$state" != inactive ]; then docker swarm leave --force; fi'""";

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
          echo "[init $(hostname)] initialised the Swarm" >&2
        else
          echo "[init $(hostname)] already in the Swarm: nothing changed" >&2
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
        case "$state" in
          active) echo "[join $(hostname)] already in the Swarm: nothing changed" >&2 ;;
          inactive)
            docker swarm join --token "$JOIN_TOKEN" --advertise-addr "$ADVERTISE_ADDR" "$LEADER_ADDR:2377" >&2
            ;;
          *)
            # pending, error or locked: a node removed by the managers, or a failed join; start over.
            docker swarm leave --force >/dev/null 2>&1 || true
            docker swarm join --token "$JOIN_TOKEN" --advertise-addr "$ADVERTISE_ADDR" "$LEADER_ADDR:2377" >&2
            ;;
        esac

        """;

    /// <summary>
    /// Prepends <c>export NAME='value'</c> lines to <paramref name="script"/>, for scripts fed on standard
    /// input: SSH servers drop client environment variables unless <c>AcceptEnv</c> lists them, and
    /// <c>sudo</c> resets the environment, so values travel inside the script text (never on the command line).
    /// </summary>
    public static string WithEnvironment(string script, IReadOnlyDictionary<string, string> environment) =>
        string.Concat(environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"export {e.Key}={Shell.Quote(e.Value)}\n")) + script;

    /// <summary>Reads the worker and manager join tokens from the standard output of <see cref="Init"/>.</summary>
    public static JoinTokens ParseJoinTokens(string stdout)
    {
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 2
            ? new JoinTokens(lines[0], lines[1])
            : throw new FormatException($"swarm init printed {lines.Length} line(s); expected the worker and the manager join token, one per line");
    }

    /// <summary>
    /// Runs on the leader once every host joined: gives each planned node its role (promote/demote) and exactly its
    /// planned <c>infra.*</c> labels, then removes the nodes the plan no longer has: drained (its tasks move), demoted
    /// if a manager, removed, the raft leader last. Changes only what differs and says what it changed.
    /// </summary>
    public static string Members(Plan plan)
    {
        var members = plan.Hosts.Select(h => string.Join(' ',
            ["member", Shell.Quote(h.Name), h.IsManager ? "manager" : "worker", .. h.NodeLabels.Select(l => Shell.Quote($"{l.Key}={l.Value}"))]));
        return $$$"""
            #!/usr/bin/env bash
            # Rendered by Infra: the Swarm's members as planned: roles, labels, and no others (idempotent).
            set -euo pipefail

            {{{Shell.Preamble("members")}}}

            readonly PLANNED=({{{string.Join(' ', plan.Hosts.Select(h => Shell.Quote(h.Name)))}}})

            # The id of the Ready node with host name $1 (a node removed and joined again leaves a Down entry behind).
            ready_id() {
              docker node ls --format '{{.ID}} {{.Hostname}} {{.Status}}' | awk -v h="$1" '$2 == h && $3 == "Ready" { print $1; exit }'
            }

            for name in "${PLANNED[@]}"; do
              for _ in $(seq 60); do
                [[ -n "$(ready_id "$name")" ]] && break
                sleep 1
              done
              [[ -n "$(ready_id "$name")" ]] || { echo "node $name has not joined the Swarm (docker node ls on $(hostname))" >&2; exit 1; }
            done

            # member NAME ROLE LABEL...: the node's role and exactly these infra.* labels.
            member() {
              local name=$1 role=$2 id current wanted key
              shift 2
              id=$(ready_id "$name")
              if [[ $(docker node inspect "$id" --format '{{.Spec.Role}}') != "$role" ]]; then
                if [[ $role == manager ]]; then docker node promote "$id" >/dev/null; else docker node demote "$id" >/dev/null; fi
                changed "$name is a $role"
              fi
              current=$(docker node inspect "$id" --format '{{range $k, $v := .Spec.Labels}}{{$k}}={{$v}} {{end}}' | tr ' ' '\n' | grep '^{{{Layout.LabelPrefix}}}' | sort || true)
              wanted=$(printf '%s\n' "$@" | sort)
              if [[ "$current" != "$wanted" ]]; then
                for key in $current; do
                  docker node update --label-rm "${key%%=*}" "$id" >/dev/null
                done
                for key in "$@"; do
                  docker node update --label-add "$key" "$id" >/dev/null
                done
                changed "$name labels $*"
              fi
            }

            {{{string.Join('\n', members)}}}

            # Nodes the plan no longer has, and Down leftovers of planned ones: the raft leader last.
            keep=" "
            for name in "${PLANNED[@]}"; do keep+="$(ready_id "$name") "; done
            stale=$(docker node ls --format '{{.ID}} {{.Hostname}} {{.ManagerStatus}}' | awk -v keep="$keep" 'index(keep, " " $1 " ") == 0 { print ($3 == "Leader" ? 1 : 0), $1, $2 }' | sort -n)
            while read -r _ id name; do
              [[ -n "$id" ]] || continue
              if [[ $(docker node inspect "$id" --format '{{.Spec.Availability}}') != drain ]]; then
                docker node update --availability drain "$id" >/dev/null
                for _ in $(seq 60); do
                  [[ -z "$(docker node ps "$id" --filter desired-state=running -q 2>/dev/null)" ]] && break
                  sleep 2
                done
              fi
              if [[ $(docker node inspect "$id" --format '{{.Spec.Role}}') == manager ]]; then
                docker node demote "$id" >/dev/null
              fi
              docker node rm --force "$id" >/dev/null
              changed "$name drained, demoted if a manager, removed"
            done <<<"$stale"

            finish

            """;
    }
}
