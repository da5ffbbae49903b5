using Infra.Blueprint.Platform;
using Infra.Blueprint.Swarm;
using Pulumi;
using Docker = Pulumi.Docker;

namespace Infra.Components.Platform;

/// <summary>
/// The Swarm services and the one-off jobs that gate them, in rollout order. Each service waits for its task(s)
/// to converge (healthy) before Pulumi moves on and depends on the services it must follow, so <c>app-2</c>
/// updates only after <c>app-1</c> runs the new version healthily; a failing update rolls back and stops the
/// rollout. A job runs once the services it needs converged, and the services it gates depend on it, so a failed
/// job (the app's migrate) stops the rollout before any replica runs the new code.
/// </summary>
public sealed partial class Services : ComponentResource
{
    /// <summary>Each service by name.</summary>
    public IReadOnlyDictionary<string, Docker.Service> ByName { get; }

    /// <summary>The command that runs each job, by job name.</summary>
    public IReadOnlyDictionary<string, Pulumi.Command.Remote.Command> Jobs { get; }

    /// <summary>
    /// What each service and job was declared to wait for (services and jobs, by name, in declaration order), as the
    /// tests and reviewers read the rollout order; volumes, networks, secrets and configs are not listed.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Predecessors { get; }

    /// <summary>
    /// Declares every service of <see cref="ServicesArgs.Specs"/> in plan order, each once what it follows is declared,
    /// and every job of <see cref="ServicesArgs.Jobs"/> as soon as the services it waits for are.
    /// </summary>
    public Services(string name, ServicesArgs args, ComponentResourceOptions? options = null)
        : base("infra:platform:Services", name, options)
    {
        var services = new Dictionary<string, Docker.Service>();
        var jobs = new Dictionary<string, Pulumi.Command.Remote.Command>();
        var predecessors = new Dictionary<string, IReadOnlyList<string>>();
        var pending = args.Jobs.ToList();

        void DeclareReadyJobs()
        {
            foreach (var job in pending.Where(j => (j.After ?? []).All(services.ContainsKey)).ToList())
            {
                var after = (job.After ?? []).ToList();
                jobs[job.Name] = Job(name, job, args, [.. after.Select(a => (Resource)services[a])]);
                predecessors[job.Name] = after;
                pending.Remove(job);
            }
        }

        // Plan order, except that a service waits until what it follows (services, gating jobs) is declared.
        var remaining = args.Specs.ToList();
        DeclareReadyJobs();
        while (remaining.Count > 0)
        {
            var spec = remaining.FirstOrDefault(r =>
                r.After.All(services.ContainsKey) && args.Jobs.Where(j => j.Gates.Contains(r.Name)).All(j => jobs.ContainsKey(j.Name)))
                ?? throw new InvalidOperationException($"services {string.Join(", ", remaining.Select(r => $"{r.Name} (after {string.Join(", ", r.After)})"))}: "
                    + "wait for services or jobs that are not planned or wait for each other");
            remaining.Remove(spec);
            var waitsFor = new List<string>(spec.After);
            var after = new InputList<Resource>();
            foreach (var predecessor in spec.After)
            {
                after.Add(services[predecessor]);
            }

            foreach (var gate in args.Jobs.Where(j => j.Gates.Contains(spec.Name)))
            {
                after.Add(jobs[gate.Name]);
                waitsFor.Add(gate.Name);
            }

            foreach (var mount in spec.Volumes.Where(m => !args.PerNodeVolumes.Contains(m.Volume)))
            {
                after.Add(Lookup(args.Volumes, mount.Volume, $"service {spec.Name}", "volume"));
            }

            var service = ServiceArgs(SwarmServiceSpecs.Service(spec), args, spec.Update.ConvergeTimeoutSeconds);
            foreach (var warning in SwarmServiceSpecs.Warnings(spec))
            {
                Log.Warn(warning);
            }

            services[spec.Name] = new Docker.Service($"{name}-{spec.Name}", service, new CustomResourceOptions { Parent = this, DependsOn = after });
            predecessors[spec.Name] = waitsFor;
            DeclareReadyJobs();
        }

        if (pending.Count > 0)
        {
            throw new InvalidOperationException($"job(s) {string.Join(", ", pending.Select(j => $"{j.Name} (after {string.Join(", ", j.After ?? [])})"))}: wait for services that are not planned");
        }

        ByName = services;
        Jobs = jobs;
        Predecessors = predecessors;

        RegisterOutputs();
    }

    private static T Lookup<T>(IReadOnlyDictionary<string, T> declared, string key, string user, string what) =>
        declared.TryGetValue(key, out var value)
            ? value
            : throw new InvalidOperationException($"{user}: uses {what} {key}, which is not declared");
}
