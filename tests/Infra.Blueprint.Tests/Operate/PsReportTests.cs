using Infra.Blueprint.Operate;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Operate;

public sealed class PsReportTests
{
    // Found on the real-Swarm tier: a global service's task name (<service>.<node id>, 30 characters) ran into the node.
    [Fact]
    public void PsColumnsStaySeparatedWhenAGlobalServicesTaskNameIsLong()
    {
        var plan = Planner.Build(Repository.Stack("staging"));
        const string task = "edge.kvy8yiokp0d3lv14b73wvtck9";
        var leader = $"replicas\tedge\t1/1\nservice\tedge\tnginx@sha256:1\ntask\tt1\t{task}\tnode-1\tRunning 49 seconds ago\n";
        var hosts = new Dictionary<string, string?> { ["node-1"] = "health\tt1\tUp 49 seconds (healthy)\n" };

        var line = PsReport.Parse(plan, leader, hosts).Format().Split('\n').Single(l => l.TrimStart().StartsWith(task, StringComparison.Ordinal));

        Assert.True(line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [task, "node-1", "healthy", "Running", "49", "seconds", "ago"], $"ps task line: '{line}'");
    }
}
