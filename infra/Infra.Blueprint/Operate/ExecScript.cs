using System.Globalization;
using System.Text;
using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Swarm;
using Infra.Contract;

namespace Infra.Blueprint.Operate;

/// <summary>What <c>exec</c> runs.</summary>
/// <param name="Command">Arguments for the image's entrypoint (the app's own commands), or the command when <paramref name="Entrypoint"/> is set.</param>
/// <param name="Entrypoint">Replaces the image's entrypoint (e.g. <c>sh -c</c>); empty keeps it.</param>
/// <param name="TimeoutSeconds">How long the task may run before it counts as failed.</param>
/// <param name="RunId">Tells concurrent runs apart: part of the job's Swarm service name (a UTC time, <c>20261201t130500</c>).</param>
public sealed record ExecRequest(IReadOnlyList<string> Command, IReadOnlyList<string> Entrypoint, int TimeoutSeconds, string RunId);

/// <summary>
/// The <c>exec</c> script: a one-off task of the app, run to completion as a one-shot Swarm service by the same
/// <see cref="JobScript"/> the migrate job uses. The job is the first app replica's planned record with another
/// command: its image, environment, networks, placement and secrets (the same mounts, so the same <c>*_FILE</c>
/// paths). Swarm assigns secret names at deployment; the script reads them off the running replica by file name.
/// Why not <c>docker run</c> on a node: a plain container cannot mount Swarm secrets, and the app reads every
/// credential from one.
/// </summary>
public static class ExecScript
{
    /// <summary>The planned service whose record the job copies: the first app replica.</summary>
    public static ServiceSpec AppService(Plan plan) => plan.Service(plan.Layout.AppReplicas[0]);

    /// <summary>The job <c>exec</c> runs: <see cref="AppService"/>'s record with <paramref name="request"/>'s command.</summary>
    public static JobSpec Job(Plan plan, ExecRequest request)
    {
        var app = AppService(plan);
        var name = $"exec-{request.RunId}";
        var environment = new SortedDictionary<string, string>(app.Environment.ToDictionary(), StringComparer.Ordinal)
        {
            [AppContract.Env.Instance] = name,
        };
        return new JobSpec(name, app.Image, request.Entrypoint, request.Command, environment, app.Networks, app.Secrets, app.Volumes,
            app.Placement, request.TimeoutSeconds, Gates: []);
    }

    /// <summary>Renders the script: the secrets' Swarm names read off the running replica, then the job's script.</summary>
    public static OperatorScript Render(Plan plan, ExecRequest request)
    {
        var app = AppService(plan);
        var job = Job(plan, request);
        var s = new StringBuilder();
        s.Append("set -euo pipefail\n");
        s.Append(CultureInfo.InvariantCulture, $"# exec (stack {plan.Stack}): a one-off task of {app.Name}'s record with the secrets {app.Name} runs with\n");
        s.Append(CultureInfo.InvariantCulture, $"app={LogsScript.Quote(app.Name)}\n");
        s.Append("if ! mounted=$(docker service inspect --format '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.File.Name}} {{.SecretName}}{{\"\\n\"}}{{end}}' \"$app\" 2>/dev/null); then\n");
        s.Append("  echo \"exec: the service $app is not deployed on this Swarm: run pulumi up first\" >&2\n  exit 1\nfi\n");
        s.Append("secret_of() {\n");
        s.Append("  local name\n");
        s.Append("  name=$(awk -v file=\"$1\" '$1 == file { print $2 }' <<<\"$mounted\")\n");
        s.Append("  [[ -n \"$name\" ]] || { echo \"exec: $app mounts no secret as /run/secrets/$1, which the stack file plans: run pulumi up first\" >&2; return 1; }\n");
        s.Append("  printf '%s' \"$name\"\n");
        s.Append("}\n");
        foreach (var secret in SwarmServiceSpecs.Job(job).TaskTemplate.ContainerSpec.Secrets)
        {
            var variable = JobScript.SecretVariable(secret.SecretName);
            s.Append(CultureInfo.InvariantCulture, $"{variable}=$(secret_of {LogsScript.Quote(secret.File.Name)})\n");
            s.Append(CultureInfo.InvariantCulture, $"export {variable}\n");
        }

        s.Append(JobScript.Render(job));
        return new OperatorScript(plan.Leader, s.ToString());
    }
}
