namespace Infra.Blueprint.Monitoring;

/// <summary>One Prometheus scrape job, in Swarm terms (service names), before a runtime maps its addresses.</summary>
/// <param name="Name">The job name; alert rules and dashboards select on it.</param>
/// <param name="Targets">Static targets: a Swarm address (<c>app-1:8080</c>) or, for probes, the probed URL.</param>
/// <param name="TasksOf">
/// A service every task of which is scraped, found through Swarm's <c>tasks.&lt;service&gt;</c> DNS: a global service
/// (one task per node) or a worker's replicas behind one name; null for static targets.
/// </param>
/// <param name="Port">The port of <paramref name="TasksOf"/>'s tasks.</param>
/// <param name="MetricsPath">The HTTP path scraped.</param>
/// <param name="ProbeModule">For blackbox probes: the module; the targets are the probed URLs.</param>
public sealed record ScrapeJob(
    string Name,
    IReadOnlyList<ScrapeTarget> Targets,
    string? TasksOf = null,
    int Port = 0,
    string MetricsPath = "/metrics",
    string? ProbeModule = null);

/// <summary>A static target with the labels it adds to every series.</summary>
/// <param name="Address">A Swarm address or a probed URL.</param>
/// <param name="Labels">Extra labels, e.g. <c>replica</c> or <c>host</c>.</param>
public sealed record ScrapeTarget(string Address, IReadOnlyDictionary<string, string> Labels);
