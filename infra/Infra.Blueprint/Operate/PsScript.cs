using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Operate;

/// <summary>
/// The <c>ps</c> scripts: on the leader, every service (replicas, the image it runs with its digest) and every task
/// meant to run (node, state); on each host, the health of the task containers it runs (only a node's own engine knows
/// it). Each prints tab-separated lines <see cref="PsReport"/> reads.
/// </summary>
public static class PsScript
{
    /// <summary>The leader's script: <c>service</c> and <c>task</c> lines.</summary>
    public static OperatorScript Leader(Plan plan) => new(plan.Leader, """
        set -euo pipefail
        # services: name, replicas running/desired, the image with its digest; tasks meant to run: id, name, node, state
        ids=$(docker service ls --quiet)
        [[ -n "$ids" ]] || exit 0
        docker service ls --format 'replicas{{"\t"}}{{.Name}}{{"\t"}}{{.Replicas}}'
        # shellcheck disable=SC2086
        docker service inspect --format 'service{{"\t"}}{{.Spec.Name}}{{"\t"}}{{.Spec.TaskTemplate.ContainerSpec.Image}}' $ids
        # shellcheck disable=SC2086
        docker service ps --no-trunc --filter desired-state=running --format 'task{{"\t"}}{{.ID}}{{"\t"}}{{.Name}}{{"\t"}}{{.Node}}{{"\t"}}{{.CurrentState}}' $ids

        """);

    /// <summary>A host's script: a <c>health</c> line per Swarm task container it runs.</summary>
    public static OperatorScript Host(PlannedHost host) => new(host, """
        set -euo pipefail
        # the Swarm's task containers on this node: task id, docker's status (with the healthcheck's verdict)
        docker ps --filter label=com.docker.swarm.task.id --format 'health{{"\t"}}{{.Label "com.docker.swarm.task.id"}}{{"\t"}}{{.Status}}'

        """);
}
