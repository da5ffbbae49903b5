namespace Infra.Blueprint.Platform;

// Stand-in until the lead's Plan.Rollout lands on main (same shape); deleted at that merge.

/// <summary>Whether a rollout step updates a service or runs a job.</summary>
public enum RolloutStepKind
{
    /// <summary>A long-running Swarm service, converged before the next step.</summary>
    Service,

    /// <summary>A one-off job, completed before the next step.</summary>
    Job,
}

/// <summary>One step of the rollout: a service or job, and the earlier steps it waits for.</summary>
/// <param name="Name">The service's or job's name in the plan.</param>
/// <param name="Kind">Service or job.</param>
/// <param name="WaitsFor">Earlier steps that must have converged (services) or completed (jobs) first.</param>
public sealed record RolloutStep(string Name, RolloutStepKind Kind, IReadOnlyList<string> WaitsFor);

/// <summary>The rollout order of a plan (stand-in for <c>Plan.Rollout</c>).</summary>
public static class PlanRollout
{
    extension(Plan plan)
    {
        /// <summary>Services and jobs in plan order, each after what it waits for.</summary>
        public IReadOnlyList<RolloutStep> Rollout => Order(plan);
    }

    private static List<RolloutStep> Order(Plan plan)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var steps = new List<RolloutStep>();
        var pendingJobs = plan.Jobs.ToList();
        void ReadyJobs()
        {
            foreach (var job in pendingJobs.Where(j => (j.After ?? []).All(done.Contains)).ToList())
            {
                steps.Add(new RolloutStep(job.Name, RolloutStepKind.Job, [.. job.After ?? []]));
                done.Add(job.Name);
                pendingJobs.Remove(job);
            }
        }

        var remaining = plan.Services.ToList();
        ReadyJobs();
        while (remaining.Count > 0)
        {
            var gates = (ServiceSpec s) => plan.Jobs.Where(j => j.Gates.Contains(s.Name)).Select(j => j.Name);
            var next = remaining.FirstOrDefault(s => s.After.All(done.Contains) && gates(s).All(done.Contains))
                ?? throw new InvalidOperationException($"rollout: services {string.Join(", ", remaining.Select(r => r.Name))} wait for steps that are not planned or wait for each other");
            remaining.Remove(next);
            steps.Add(new RolloutStep(next.Name, RolloutStepKind.Service, [.. next.After, .. gates(next)]));
            done.Add(next.Name);
            ReadyJobs();
        }

        return pendingJobs.Count == 0
            ? steps
            : throw new InvalidOperationException($"rollout: jobs {string.Join(", ", pendingJobs.Select(j => j.Name))} wait for services that are not planned");
    }
}
