using Infra.Blueprint.Platform;
using Infra.Blueprint.Swarm;
using Pulumi;
using Docker = Pulumi.Docker;
using Local = Pulumi.Command.Local;

namespace Infra.Components.Platform;

/// <summary>
/// The Swarm services and the one-off jobs that gate them, in the plan's rollout order. Each service waits for its task(s)
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

    /// <summary>The command that installs the scheduled tasks' timers on the leader after the rollout; null when not planned.</summary>
    public Pulumi.Command.Remote.Command? Schedules { get; }

    /// <summary>
    /// What each service and job was declared to wait for (services and jobs, by name, in declaration order), as the
    /// tests and reviewers read the rollout order; volumes, networks, secrets and configs are not listed.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Predecessors { get; }

    /// <summary>
    /// Walks <see cref="ServicesArgs.Rollout"/>: declares each service and job once, depending on the steps it waits
    /// for (and on the volumes it mounts), so Pulumi brings them up in the blueprint's order.
    /// </summary>
    public Services(string name, ServicesArgs args, ComponentResourceOptions? options = null)
        : base("infra:platform:Services", name, options)
    {
        var specs = args.Specs.ToDictionary(s => s.Name);
        var jobSpecs = args.Jobs.ToDictionary(j => j.Name);
        var services = new Dictionary<string, Docker.Service>();
        var jobs = new Dictionary<string, Pulumi.Command.Remote.Command>();
        var declared = new Dictionary<string, Resource>();
        foreach (var step in args.Rollout)
        {
            var waitsFor = step.WaitsFor.Select(w => Lookup(declared, w, $"{step.Kind.ToString().ToLowerInvariant()} {step.Name}", "rollout step")).ToList();
            if (step.Kind == RolloutStepKind.Job)
            {
                var job = Job(name, Lookup(jobSpecs, step.Name, "rollout", "job"), args, waitsFor);
                jobs[step.Name] = job;
                declared[step.Name] = job;
                continue;
            }

            var spec = Lookup(specs, step.Name, "rollout", "service");
            var after = new InputList<Resource>();
            foreach (var resource in waitsFor)
            {
                after.Add(resource);
            }

            foreach (var mount in spec.Volumes.Where(m => !args.PerNodeVolumes.Contains(m.Volume)))
            {
                after.Add(Lookup(args.Volumes, mount.Volume, $"service {spec.Name}", "volume"));
            }

            var record = SwarmServiceSpecs.Service(spec);
            var service = ServiceArgs(record, args, spec.Update.ConvergeTimeoutSeconds);
            if (spec.Registry is { } registry)
            {
                service.Auth = Auth(registry, args, $"service {spec.Name}");
            }
            foreach (var warning in SwarmServiceSpecs.Warnings(spec))
            {
                Log.Warn(warning);
            }

            var serviceOptions = new CustomResourceOptions { Parent = this, DependsOn = after };
            Local.Command? withdraw = null;
            if (args.EdgeUpdate.Any(s => s.Service == spec.Name))
            {
                var digest = SpecDigest(record, args);
                withdraw = EdgeWithdraw(name, spec.Name, after, args, digest);
                if (withdraw is not null)
                {
                    after.Add(withdraw);
                }

                // Host-mode ports: a replacement must stop the old task before the new one can bind them.
                serviceOptions.DeleteBeforeReplace = true;
                if (spec.Name == args.EdgeUpdate[0].Service)
                {
                    // The one global edge service of earlier versions becomes the first host's: its replacement frees the ports.
                    serviceOptions.Aliases.Add(new Alias { Name = $"{name}-edge" });
                }

                services[spec.Name] = new Docker.Service($"{name}-{spec.Name}", service, serviceOptions);
                if (withdraw is not null)
                {
                    EdgeRestore(name, spec.Name, services[spec.Name], args, digest, withdraw);
                }
            }
            else
            {
                services[spec.Name] = new Docker.Service($"{name}-{spec.Name}", service, serviceOptions);
            }

            declared[spec.Name] = services[spec.Name];
        }

        ByName = services;
        Jobs = jobs;
        Schedules = ScheduleInstaller(name, args, declared.Values);
        Predecessors = args.Rollout.ToDictionary(s => s.Name, s => s.WaitsFor);

        RegisterOutputs();
    }

    // Every node pulls the image with this login: Swarm hands it to the task's node with the service.
    private static Docker.Inputs.ServiceAuthArgs Auth(RegistryLogin registry, ServicesArgs args, string who) => new()
    {
        ServerAddress = registry.Server,
        Username = registry.User,
        Password = Output.CreateSecret(Lookup(args.StackConfig, registry.TokenKey, who, "registry token")),
    };

    private static T Lookup<T>(IReadOnlyDictionary<string, T> declared, string key, string user, string what) =>
        declared.TryGetValue(key, out var value)
            ? value
            : throw new InvalidOperationException($"{user}: uses {what} {key}, which is not declared");
}
