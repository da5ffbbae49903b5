using System.Globalization;
using System.Text;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Swarm;

namespace Infra.Blueprint.Hosts;

/// <summary>
/// The script that runs a <see cref="JobSpec"/> on the leader: a one-shot Swarm service (one replica, never restarted),
/// waited for up to the job's timeout, its logs printed, then removed — Swarm then removes its task and the task's
/// container on whichever node ran it; the script exits non-zero unless the task completed, which fails
/// <c>pulumi up</c> before anything the job gates rolls out. Swarm secret names are assigned
/// at deployment, so they arrive as environment variables (<see cref="SecretVariable"/>), never in the text.
/// </summary>
public static class JobScript
{
    /// <summary>The environment variable carrying the Swarm name of the secret <paramref name="secret"/>.</summary>
    public static string SecretVariable(string secret) =>
        "SECRET_" + new string([.. secret.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);

    /// <summary>Renders the script of <paramref name="job"/>: <c>docker service create</c> of its <see cref="SwarmServiceSpecs.Job"/> record.</summary>
    public static string Render(JobSpec job)
    {
        var spec = SwarmServiceSpecs.Job(job);
        var container = spec.TaskTemplate.ContainerSpec;
        var s = new StringBuilder();
        s.Append("#!/usr/bin/env bash\n");
        s.Append(CultureInfo.InvariantCulture, $"# Rendered by Infra: run the job '{job.Name}' to completion as a one-shot Swarm service; fail unless it completes.\n");
        s.Append("set -euo pipefail\n");
        foreach (var secret in container.Secrets)
        {
            var variable = SecretVariable(secret.SecretName);
            s.Append(CultureInfo.InvariantCulture, $": \"${{{variable}:?set {variable} to the Swarm name of the secret {secret.SecretName}}}\"\n");
        }

        if (job.Registry is { } registry)
        {
            s.Append(Login(registry));
        }

        s.Append(CultureInfo.InvariantCulture, $"name={Quote(spec.Name)}\n");
        s.Append(RemoveFunction);
        s.Append("# A previous run interrupted before its cleanup left its service behind.\n");
        s.Append("remove_job\n");
        var replicas = spec.Mode.Replicated?.Replicas ?? throw new InvalidOperationException($"job {job.Name}: its record is not a replicated service");
        s.Append(CultureInfo.InvariantCulture, $"docker service create --detach --quiet --name \"$name\" --mode replicated --replicas {replicas} --restart-condition {spec.TaskTemplate.RestartPolicy.Condition} \\\n");
        if (job.Registry is not null)
        {
            // The login's credentials travel with the service to the node that pulls the image.
            s.Append("  --with-registry-auth \\\n");
        }

        if (container.HealthCheck.Test is ["NONE"])
        {
            // The image's HEALTHCHECK probes a port a job never opens.
            s.Append("  --no-healthcheck \\\n");
        }

        foreach (var constraint in spec.TaskTemplate.Placement.Constraints)
        {
            s.Append(CultureInfo.InvariantCulture, $"  --constraint {Quote(constraint)} \\\n");
        }

        foreach (var network in spec.TaskTemplate.Networks)
        {
            s.Append(CultureInfo.InvariantCulture, $"  --network {Quote(network.Target)} \\\n");
        }

        foreach (var secret in container.Secrets)
        {
            var mode = Convert.ToString(secret.File.Mode, 8).PadLeft(4, '0');
            s.Append(CultureInfo.InvariantCulture, $"  --secret \"source=${SecretVariable(secret.SecretName)},target={secret.File.Name},uid={secret.File.UID},gid={secret.File.GID},mode={mode}\" \\\n");
        }

        foreach (var mount in container.Mounts)
        {
            s.Append(CultureInfo.InvariantCulture, $"  --mount {Quote($"type={mount.Type},source={mount.Source},target={mount.Target}{(mount.ReadOnly ? ",readonly" : "")}")} \\\n");
        }

        foreach (var variable in container.Env)
        {
            s.Append(CultureInfo.InvariantCulture, $"  --env {Quote(variable)} \\\n");
        }

        if (container.Command.Count > 0)
        {
            // docker splits --entrypoint like a shell would.
            s.Append(CultureInfo.InvariantCulture, $"  --entrypoint {Quote(string.Join(' ', container.Command))} \\\n");
        }

        s.Append("  ").Append(Quote(container.Image));
        foreach (var argument in container.Args)
        {
            s.Append(' ').Append(Quote(argument));
        }

        s.Append(" >/dev/null\n");
        s.Append(CultureInfo.InvariantCulture, $"deadline=$((SECONDS + {job.TimeoutSeconds}))\n");
        s.Append("""
            state=
            while (( SECONDS < deadline )); do
              state=$(docker service ps "$name" --format '{{.CurrentState}}' 2>/dev/null | head -n 1 | cut -d ' ' -f 1 || true)
              case "$state" in
                Complete|Failed|Rejected|Shutdown|Orphaned) break ;;
              esac
              sleep 2
            done
            docker service logs --raw "$name" 2>&1 | tail -n 200 || true
            remove_job
            if [[ "$state" != "Complete" ]]; then

            """);
        var consequence = job.Gates.Count > 0 ? "; nothing it gates was rolled out" : "";
        s.Append(CultureInfo.InvariantCulture, $"  echo \"job {job.Name}: its task ended as '${{state:-never started}}' (timeout {job.TimeoutSeconds}s){consequence}\" >&2\n");
        s.Append("  exit 1\nfi\n");
        return s.ToString();
    }

    // docker login into a private config directory, removed on exit: the token reaches the script as an export on
    // stdin (never in its text or argv) and is left on no disk.
    private static string Login(RegistryLogin registry)
    {
        var v = RegistryLogin.TokenVariable;
        return $$"""
            : "${{{v}}:?set {{v}} to the token of {{registry.TokenKey}}}"
            DOCKER_CONFIG=$(mktemp -d)
            export DOCKER_CONFIG
            trap 'rm -rf "$DOCKER_CONFIG"' EXIT
            printf '%s' "${{v}}" | docker login --username {{Quote(registry.User)}} --password-stdin {{Quote(registry.Server)}} >/dev/null

            """;
    }

    // Removing the service is the whole cleanup: Swarm deletes a removed service's tasks, and each node removes the
    // containers of its deleted tasks — also on the worker a job ran on, which the leader's docker CLI cannot reach. The
    // function waits (bounded) until the Swarm has let go of the tasks, so the next run and the script's caller start
    // clean. Not a replicated-job: Docker before 24 never deletes a removed job's tasks, so their containers stayed on
    // their nodes (docs/swarm.md).
    private const string RemoveFunction = """
        remove_job() {
          local tasks task left until=$((SECONDS + 60))
          mapfile -t tasks < <(docker service ps --quiet --no-trunc "$name" 2>/dev/null || true)
          docker service rm "$name" >/dev/null 2>&1 || true
          while (( ${#tasks[@]} > 0 && SECONDS < until )); do
            left=0
            for task in "${tasks[@]}"; do
              if docker inspect --type task "$task" >/dev/null 2>&1; then left=1; fi
            done
            (( left )) || break
            sleep 1
          done
        }

        """;

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
