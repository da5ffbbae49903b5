namespace Infra.Blueprint.Platform;

/// <summary>Whether a rollout step declares a service or runs a job.</summary>
public enum RolloutStepKind
{
    /// <summary>A Swarm service, updated and waited for until it converged.</summary>
    Service,

    /// <summary>A one-off job, run to completion.</summary>
    Job,
}

/// <summary>One step of the rollout: a service or job, and the earlier steps it waits for.</summary>
/// <param name="Name">The service's or job's name.</param>
/// <param name="Kind">Service or job.</param>
/// <param name="WaitsFor">Earlier steps (services it follows, jobs that gate it), in that order.</param>
public sealed record RolloutStep(string Name, RolloutStepKind Kind, IReadOnlyList<string> WaitsFor);

/// <summary>
/// The order in which a deploy brings the services and jobs up: plan order, except that a step waits until every
/// step it follows is done; a job runs as soon as the services it needs converged, and the services it gates wait
/// for it. The Pulumi layer and the real-Swarm tests only walk this list.
/// </summary>
public static class Rollout
{
    /// <summary>The rollout of <paramref name="services"/> and <paramref name="jobs"/>; throws naming every dangling or circular wait.</summary>
    public static IReadOnlyList<RolloutStep> Order(IReadOnlyList<ServiceSpec> services, IReadOnlyList<JobSpec> jobs)
    {
        var problems = Problems(services, jobs);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"the rollout cannot be ordered ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):\n  " + string.Join("\n  ", problems));
        }

        return Walk(services, jobs).Steps;
    }

    /// <summary>Every reason the services and jobs cannot be ordered: duplicate names, waits for what is not planned, cycles.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<ServiceSpec> services, IReadOnlyList<JobSpec> jobs)
    {
        var problems = new List<string>();
        var serviceNames = services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(services.Select(s => s.Name).Concat(jobs.Select(j => j.Name))
            .GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Key}: planned {g.Count()} times"));
        foreach (var service in services)
        {
            problems.AddRange(service.After.Where(a => !serviceNames.Contains(a)).Select(a => $"service {service.Name}: waits for service {a}, which is not planned"));
        }

        foreach (var job in jobs)
        {
            problems.AddRange((job.After ?? []).Where(a => !serviceNames.Contains(a)).Select(a => $"job {job.Name}: waits for service {a}, which is not planned"));
            problems.AddRange(job.Gates.Where(g => !serviceNames.Contains(g)).Select(g => $"job {job.Name}: gates service {g}, which is not planned"));
        }

        if (problems.Count == 0)
        {
            var (_, stuck) = Walk(services, jobs);
            if (stuck.Count > 0)
            {
                problems.Add($"{string.Join(", ", stuck)} wait for each other");
            }
        }

        return problems;
    }

    private static (List<RolloutStep> Steps, List<string> Stuck) Walk(IReadOnlyList<ServiceSpec> services, IReadOnlyList<JobSpec> jobs)
    {
        var steps = new List<RolloutStep>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var pendingJobs = jobs.ToList();
        var pendingServices = services.ToList();

        void RunReadyJobs()
        {
            foreach (var job in pendingJobs.Where(j => (j.After ?? []).All(done.Contains)).ToList())
            {
                steps.Add(new RolloutStep(job.Name, RolloutStepKind.Job, [.. job.After ?? []]));
                done.Add(job.Name);
                pendingJobs.Remove(job);
            }
        }

        RunReadyJobs();
        while (pendingServices.Count > 0)
        {
            var gates = (ServiceSpec s) => jobs.Where(j => j.Gates.Contains(s.Name)).Select(j => j.Name);
            var next = pendingServices.FirstOrDefault(s => s.After.All(done.Contains) && gates(s).All(done.Contains));
            if (next is null)
            {
                break;
            }

            pendingServices.Remove(next);
            steps.Add(new RolloutStep(next.Name, RolloutStepKind.Service, [.. next.After, .. gates(next)]));
            done.Add(next.Name);
            RunReadyJobs();
        }

        var stuck = pendingServices.Select(s => $"service {s.Name} (after {string.Join(", ", [.. s.After, .. jobs.Where(j => j.Gates.Contains(s.Name)).Select(j => j.Name)])})")
            .Concat(pendingJobs.Select(j => $"job {j.Name} (after {string.Join(", ", j.After ?? [])})")).ToList();
        return (steps, stuck);
    }
}
