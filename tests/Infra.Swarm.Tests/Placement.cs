using Infra.Blueprint.Platform;
using Infra.Blueprint.Swarm;

namespace Infra.Swarm.Tests;

/// <summary>Which planned hosts a record's placement constraints allow (the plan writes only <c>node.labels.KEY==VALUE</c> and <c>node.hostname==NAME</c>).</summary>
public static class Placement
{
    /// <summary>The hosts of <paramref name="plan"/> that every constraint of <paramref name="spec"/> allows.</summary>
    public static IReadOnlyList<string> Allowed(Plan plan, SwarmServiceSpec spec) =>
        [.. plan.Hosts.Where(h => spec.TaskTemplate.Placement.Constraints.All(c => Satisfies(h, c))).Select(h => h.Name)];

    /// <summary>How many tasks of <paramref name="spec"/> run once converged: its replicas, or one per allowed host when global.</summary>
    public static int Tasks(Plan plan, SwarmServiceSpec spec) => spec.Mode.Global is not null ? Allowed(plan, spec).Count : spec.Mode.Replicated!.Replicas;

    private static bool Satisfies(PlannedHost host, string constraint)
    {
        const string prefix = "node.labels.";
        return constraint.Split("==") is [var key, var value] && key.Trim().StartsWith(prefix, StringComparison.Ordinal)
            ? host.NodeLabels.TryGetValue(key.Trim()[prefix.Length..], out var actual) && actual == value.Trim()
            // An edge host's own nginx (Layout.OnHost): the node's hostname is the plan's host name.
            : constraint.Split("==") is ["node.hostname", var name]
                ? host.Name == name.Trim()
                : throw new InvalidOperationException($"constraint '{constraint}': only 'node.labels.KEY==VALUE' and 'node.hostname==NAME' are read here");
    }
}
