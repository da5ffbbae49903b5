using Infra.Blueprint.Platform;
using Pulumi;
using Docker = Pulumi.Docker;

namespace Infra.Components.Platform;

/// <summary>
/// The Swarm services. Each waits for its task(s) to converge (healthy) before Pulumi moves on, and depends
/// on the services it must follow, so <c>app-2</c> updates only after <c>app-1</c> runs the new version
/// healthily; a failing update rolls back and stops the rollout.
/// </summary>
public sealed partial class Services : ComponentResource
{
    /// <summary>Each service by name.</summary>
    public IReadOnlyDictionary<string, Docker.Service> ByName { get; }

    /// <summary>Declares every service of <see cref="ServicesArgs.Specs"/> in plan order.</summary>
    public Services(string name, ServicesArgs args, ComponentResourceOptions? options = null)
        : base("infra:platform:Services", name, options)
    {
        var services = new Dictionary<string, Docker.Service>();
        foreach (var spec in args.Specs)
        {
            var after = new InputList<Resource>();
            foreach (var predecessor in spec.After)
            {
                after.Add(services.TryGetValue(predecessor, out var s)
                    ? s
                    : throw new InvalidOperationException($"service {spec.Name}: must follow {predecessor}, which is not declared before it"));
            }

            foreach (var mount in spec.Volumes)
            {
                after.Add(Lookup(args.Volumes, mount.Volume, spec, "volume"));
            }

            var service = new Docker.ServiceArgs
            {
                Name = spec.Name,
                TaskSpec = TaskSpec(spec, args),
                Mode = spec.Global
                    ? new Docker.Inputs.ServiceModeArgs { Global = true }
                    : new Docker.Inputs.ServiceModeArgs { Replicated = new Docker.Inputs.ServiceModeReplicatedArgs { Replicas = spec.Replicas } },
                UpdateConfig = UpdateConfig(spec.Update),
                RollbackConfig = RollbackConfig(spec.Update),
            };
            if (!spec.Global)
            {
                // The provider cannot wait for a global service to converge; the edge is last in the rollout.
                service.ConvergeConfig = new Docker.Inputs.ServiceConvergeConfigArgs
                {
                    Delay = DockerValues.Seconds(5),
                    Timeout = DockerValues.Seconds(spec.Update.ConvergeTimeoutSeconds),
                };
            }

            if (spec.Ports.Count > 0)
            {
                service.EndpointSpec = EndpointSpec(spec);
            }

            services[spec.Name] = new Docker.Service($"{name}-{spec.Name}", service, new CustomResourceOptions { Parent = this, DependsOn = after });
        }

        ByName = services;

        RegisterOutputs();
    }

    private static T Lookup<T>(IReadOnlyDictionary<string, T> declared, string key, ServiceSpec spec, string what) =>
        declared.TryGetValue(key, out var value)
            ? value
            : throw new InvalidOperationException($"service {spec.Name}: mounts {what} {key}, which is not declared");
}
