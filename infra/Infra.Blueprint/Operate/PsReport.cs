using System.Globalization;
using System.Text;
using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Operate;

/// <summary>One task meant to run: where, in which state, and what its healthcheck says.</summary>
/// <param name="Name">Task name (<c>app-1.1</c>).</param>
/// <param name="Node">The node's hostname.</param>
/// <param name="State">Swarm's current state (<c>Running 5 minutes ago</c>).</param>
/// <param name="Health"><c>healthy</c>, <c>unhealthy</c>, <c>starting</c>, <c>no healthcheck</c>, or why it is unknown.</param>
public sealed record PsTask(string Name, string Node, string State, string Health);

/// <summary>One service as the Swarm runs it.</summary>
/// <param name="Name">Service name.</param>
/// <param name="Replicas">Running/desired, as <c>docker service ls</c> says.</param>
/// <param name="Image">The image it runs, with its digest.</param>
/// <param name="Tasks">Its tasks meant to run.</param>
public sealed record PsService(string Name, string Replicas, string Image, IReadOnlyList<PsTask> Tasks);

/// <summary>What <c>ps</c> prints: the services of the Swarm beside the plan's, read from <see cref="PsScript"/>'s lines.</summary>
/// <param name="Services">Every service the Swarm runs, by name.</param>
/// <param name="NotDeployed">Services the plan declares that the Swarm does not run.</param>
/// <param name="ImageDrift">Services whose running image is not the plan's, as "name: running X, planned Y".</param>
public sealed record PsReport(IReadOnlyList<PsService> Services, IReadOnlyList<string> NotDeployed, IReadOnlyList<string> ImageDrift)
{
    /// <summary>Reads the leader's output and each host's (by host name; null when the host could not be asked).</summary>
    public static PsReport Parse(Plan plan, string leader, IReadOnlyDictionary<string, string?> hosts)
    {
        var rows = Rows(leader);
        var health = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, output) in hosts)
        {
            foreach (var row in Rows(output ?? "").Where(r => r[0] == "health" && r.Length >= 3))
            {
                health[row[1]] = HealthOf(row[2]);
            }
        }

        var unreachable = hosts.Where(h => h.Value is null).Select(h => h.Key).ToHashSet(StringComparer.Ordinal);
        var replicas = rows.Where(r => r[0] == "replicas" && r.Length >= 3).ToDictionary(r => r[1], r => r[2], StringComparer.Ordinal);
        var tasks = rows.Where(r => r[0] == "task" && r.Length >= 5).Select(r => (Service: ServiceOfTask(r[2]), Task: new PsTask(
            r[2], r[3], r[4], health.TryGetValue(r[1], out var h) ? h : unreachable.Contains(r[3]) ? $"unknown: {r[3]} did not answer" : "unknown: no container yet"))).ToList();
        var services = rows.Where(r => r[0] == "service" && r.Length >= 3)
            .Select(r => new PsService(r[1], replicas.GetValueOrDefault(r[1], "?"), r[2],
                [.. tasks.Where(t => t.Service == r[1]).Select(t => t.Task).OrderBy(t => t.Name, StringComparer.Ordinal)]))
            .OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var running = services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        return new PsReport(
            services,
            [.. plan.Services.Select(s => s.Name).Where(n => !running.ContainsKey(n))],
            [.. plan.Services.Where(s => running.TryGetValue(s.Name, out var r) && r.Image != s.Image)
                .Select(s => $"{s.Name}: runs {running[s.Name].Image}, the stack file plans {s.Image}")]);
    }

    /// <summary>The report as the operator reads it: a line per service, one per task under it, then what differs from the plan.</summary>
    public string Format()
    {
        var s = new StringBuilder();
        var width = Services.Select(x => x.Name.Length).DefaultIfEmpty(7).Max() + 2;
        // A global service's task is named <service>.<node id> (36 characters and more): the columns grow to fit.
        var tasks = Services.SelectMany(x => x.Tasks).ToList();
        var (nameWidth, nodeWidth, healthWidth) = (Column(tasks.Select(t => t.Name), 16), Column(tasks.Select(t => t.Node), 12), Column(tasks.Select(t => t.Health), 16));
        s.Append(CultureInfo.InvariantCulture, $"{"SERVICE".PadRight(width)}{"REPLICAS",-10}IMAGE\n");
        foreach (var service in Services)
        {
            s.Append(CultureInfo.InvariantCulture, $"{service.Name.PadRight(width)}{service.Replicas,-10}{service.Image}\n");
            foreach (var task in service.Tasks)
            {
                s.Append(CultureInfo.InvariantCulture, $"  {task.Name.PadRight(nameWidth)}{task.Node.PadRight(nodeWidth)}{task.Health.PadRight(healthWidth)}{task.State}\n");
            }
        }

        foreach (var name in NotDeployed)
        {
            s.Append(CultureInfo.InvariantCulture, $"not deployed: {name} (planned by the stack file; run pulumi up)\n");
        }

        foreach (var drift in ImageDrift)
        {
            s.Append(CultureInfo.InvariantCulture, $"image differs: {drift}\n");
        }

        return s.ToString();
    }

    // At least `least` wide, and two spaces past the longest value.
    private static int Column(IEnumerable<string> values, int least) => Math.Max(least, values.Select(v => v.Length + 2).DefaultIfEmpty(0).Max());

    private static List<string[]> Rows(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.Split('\t'))];

    // A task is named <service>.<slot> (replicated) or <service>.<node id> (global).
    private static string ServiceOfTask(string task) => task[..Math.Max(0, task.LastIndexOf('.'))];

    // docker ps's status: "Up 3 minutes (healthy)", "Up 2 seconds (health: starting)", "Up 1 hour".
    private static string HealthOf(string status) =>
        status.Contains("(healthy)", StringComparison.Ordinal) ? "healthy"
        : status.Contains("(unhealthy)", StringComparison.Ordinal) ? "unhealthy"
        : status.Contains("health: starting", StringComparison.Ordinal) ? "starting"
        : "no healthcheck";
}
