using Infra.Contract;

namespace Infra.Blueprint.Monitoring;

/// <summary>
/// Where the monitoring daemons find each other at run time. <see cref="Swarm"/> is the deployed layout: service
/// names on the overlay networks, global services found through Swarm's <c>tasks.&lt;service&gt;</c> DNS. Tests map
/// the same configuration onto loopback with <see cref="Map"/>.
/// </summary>
/// <param name="Map">
/// Turns a Swarm address (<c>app-1:8080</c>) or probed URL into the address to use; null leaves the target out
/// (a test that does not run that daemon).
/// </param>
/// <param name="DnsDiscovery">Find the tasks of global services and workers through DNS; false lists each as one static target.</param>
/// <param name="ScrapeInterval">How often Prometheus scrapes.</param>
/// <param name="EvaluationInterval">How often Prometheus evaluates the rules.</param>
/// <param name="RuleFiles">Paths of the rule files Prometheus loads.</param>
/// <param name="SecretsDirectory">Where Alertmanager finds its credential files.</param>
public sealed record MonitoringRuntime(
    Func<string, string?> Map,
    bool DnsDiscovery,
    TimeSpan ScrapeInterval,
    TimeSpan EvaluationInterval,
    IReadOnlyList<string> RuleFiles,
    string SecretsDirectory)
{
    /// <summary>Where the rule files are mounted in the Prometheus container.</summary>
    public const string RulesDirectory = "/etc/prometheus/rules";

    /// <summary>The deployed layout.</summary>
    public static MonitoringRuntime Swarm { get; } = new(
        address => address,
        DnsDiscovery: true,
        ScrapeInterval: TimeSpan.FromSeconds(15),
        EvaluationInterval: TimeSpan.FromSeconds(15),
        RuleFiles: [$"{RulesDirectory}/{AlertRules.FileName}"],
        SecretsDirectory: AppContract.SecretsDirectory);
}
