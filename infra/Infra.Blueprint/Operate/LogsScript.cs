using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Operate;

/// <summary>What <c>logs</c> shows.</summary>
/// <param name="Service">A planned service, or <c>app</c> for every app replica.</param>
/// <param name="Follow">Keep streaming new lines.</param>
/// <param name="Since">Only lines newer than this: a duration (<c>10m</c>, <c>1h30m</c>) or a timestamp (<c>2026-12-01T10:00:00Z</c>).</param>
/// <param name="Tail">Only the last N lines of each task; null for all.</param>
/// <param name="Grep">Only lines matching this extended regular expression (grep -E); null for all.</param>
public sealed record LogsRequest(string Service, bool Follow = false, string? Since = null, int? Tail = null, string? Grep = null);

/// <summary>
/// The <c>logs</c> script: <c>docker service logs</c> on the leader (Swarm gathers every task's output from every
/// node), with timestamps, filtered on the leader with <c>grep -E</c> so only matching lines cross the connection.
/// </summary>
public static partial class LogsScript
{
    /// <summary>The name that stands for every app replica.</summary>
    public const string AppAlias = "app";

    /// <summary>The services <paramref name="name"/> names in <paramref name="plan"/>: itself, or every app replica for <see cref="AppAlias"/>; empty when it names none.</summary>
    public static IReadOnlyList<string> ServicesOf(Plan plan, string name) =>
        name == AppAlias ? plan.Layout.AppReplicas
        : plan.Services.Any(s => s.Name == name) ? [name]
        : [];

    /// <summary>Every problem of <paramref name="request"/>, each naming the option and the fix; empty when it can run.</summary>
    public static IReadOnlyList<string> Problems(Plan plan, LogsRequest request)
    {
        var problems = new List<string>();
        if (ServicesOf(plan, request.Service).Count == 0)
        {
            problems.Add($"SERVICE: stack '{plan.Stack}' plans no service '{request.Service}'; use one of: {AppAlias} (every replica), {string.Join(", ", plan.Services.Select(s => s.Name))}");
        }

        if (request.Since is { } since && !Duration().IsMatch(since)
            && !DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            problems.Add($"--since: '{since}' is neither a duration nor a timestamp; use e.g. 10m, 1h30m or 2026-12-01T10:00:00Z");
        }

        if (request.Tail is < 0)
        {
            problems.Add($"--tail: {request.Tail} lines; use 0 or more");
        }

        if (request.Grep is "")
        {
            problems.Add("--grep: an empty pattern matches every line; leave the option out instead");
        }

        return problems;
    }

    /// <summary>Renders the script; call <see cref="Problems"/> first.</summary>
    public static OperatorScript Render(Plan plan, LogsRequest request)
    {
        var options = new StringBuilder("--timestamps");
        if (request.Follow)
        {
            options.Append(" --follow");
        }

        if (request.Since is { } since)
        {
            options.Append(" --since ").Append(Quote(since));
        }

        if (request.Tail is { } tail)
        {
            options.Append(CultureInfo.InvariantCulture, $" --tail {tail}");
        }

        var filter = request.Grep is { } pattern
            // grep exits 1 when nothing matched: that is an answer, not a failure.
            ? $" | {{ grep --line-buffered -E -- {Quote(pattern)} || [[ $? -eq 1 ]]; }}"
            : "";
        var services = ServicesOf(plan, request.Service);
        var s = new StringBuilder();
        s.Append("set -euo pipefail\n");
        s.Append(CultureInfo.InvariantCulture, $"# logs of {string.Join(", ", services)} (stack {plan.Stack}), gathered by the Swarm from every node\n");
        s.Append(CultureInfo.InvariantCulture, $"for service in {string.Join(' ', services.Select(Quote))}; do\n");
        s.Append("  docker service inspect \"$service\" >/dev/null 2>&1 || { echo \"logs: the service $service is not deployed on this Swarm: run pulumi up\" >&2; exit 1; }\n");
        s.Append("done\n");
        s.Append("pids=()\n");
        s.Append(CultureInfo.InvariantCulture, $"for service in {string.Join(' ', services.Select(Quote))}; do\n");
        s.Append(CultureInfo.InvariantCulture, $"  docker service logs {options} \"$service\" 2>&1{filter} &\n");
        s.Append("  pids+=($!)\n");
        s.Append("done\n");
        s.Append("status=0\n");
        s.Append("for pid in \"${pids[@]}\"; do wait \"$pid\" || status=1; done\n");
        s.Append("exit \"$status\"\n");
        return new OperatorScript(plan.Leader, s.ToString());
    }

    // Docker's --since takes Go durations (ns … h, combined) besides timestamps.
    [GeneratedRegex(@"^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$")]
    private static partial Regex Duration();

    internal static string Quote(string value) => Hosts.Shell.Quote(value);
}
