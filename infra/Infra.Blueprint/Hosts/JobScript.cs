using System.Globalization;
using System.Text;
using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Hosts;

/// <summary>
/// The script that runs a <see cref="JobSpec"/> on the leader: a Swarm <c>replicated-job</c> service with no restarts,
/// waited for up to the job's timeout, its logs printed, then removed; the script exits non-zero unless the task
/// completed, which fails <c>pulumi up</c> before anything the job gates rolls out. Swarm secret names are assigned
/// at deployment, so they arrive as environment variables (<see cref="SecretVariable"/>), never in the text.
/// </summary>
public static class JobScript
{
    /// <summary>The environment variable carrying the Swarm name of the secret <paramref name="secret"/>.</summary>
    public static string SecretVariable(string secret) =>
        "SECRET_" + new string([.. secret.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);

    /// <summary>Renders the script of <paramref name="job"/>.</summary>
    public static string Render(JobSpec job)
    {
        var s = new StringBuilder();
        s.Append("#!/usr/bin/env bash\n");
        s.Append(CultureInfo.InvariantCulture, $"# Rendered by Infra: run the job '{job.Name}' to completion as a Swarm replicated-job; fail unless it completes.\n");
        s.Append("set -euo pipefail\n");
        foreach (var secret in job.Secrets)
        {
            var variable = SecretVariable(secret.Secret);
            s.Append(CultureInfo.InvariantCulture, $": \"${{{variable}:?set {variable} to the Swarm name of the secret {secret.Secret}}}\"\n");
        }

        s.Append(CultureInfo.InvariantCulture, $"name={Quote(job.ServiceName)}\n");
        s.Append("# A previous run interrupted before its cleanup left its service behind.\n");
        s.Append("docker service rm \"$name\" >/dev/null 2>&1 || true\n");
        s.Append("docker service create --detach --quiet --name \"$name\" --mode replicated-job --restart-condition none \\\n");
        foreach (var constraint in job.Placement)
        {
            s.Append(CultureInfo.InvariantCulture, $"  --constraint {Quote(constraint)} \\\n");
        }

        foreach (var network in job.Networks)
        {
            s.Append(CultureInfo.InvariantCulture, $"  --network {Quote(network)} \\\n");
        }

        foreach (var secret in job.Secrets)
        {
            var mode = Convert.ToString(secret.Mode, 8).PadLeft(4, '0');
            s.Append(CultureInfo.InvariantCulture, $"  --secret \"source=${SecretVariable(secret.Secret)},target={secret.FileName},uid={secret.Uid},gid={secret.Uid},mode={mode}\" \\\n");
        }

        foreach (var volume in job.Volumes)
        {
            s.Append(CultureInfo.InvariantCulture, $"  --mount {Quote($"type=volume,source={volume.Volume},target={volume.Target}{(volume.ReadOnly ? ",readonly" : "")}")} \\\n");
        }

        foreach (var (name, value) in job.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            s.Append(CultureInfo.InvariantCulture, $"  --env {Quote($"{name}={value}")} \\\n");
        }

        if (job.Entrypoint.Count > 0)
        {
            // docker splits --entrypoint like a shell would.
            s.Append(CultureInfo.InvariantCulture, $"  --entrypoint {Quote(string.Join(' ', job.Entrypoint))} \\\n");
        }

        s.Append("  ").Append(Quote(job.Image));
        foreach (var argument in job.Command)
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
            docker service rm "$name" >/dev/null 2>&1 || true
            if [[ "$state" != "Complete" ]]; then

            """);
        s.Append(CultureInfo.InvariantCulture, $"  echo \"job {job.Name}: its task ended as '${{state:-never started}}' (timeout {job.TimeoutSeconds}s); nothing it gates was rolled out\" >&2\n");
        s.Append("  exit 1\nfi\n");
        return s.ToString();
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
