using Infra.Blueprint.Swarm;
using Pulumi;
using Docker = Pulumi.Docker;
using DockerInputs = Pulumi.Docker.Inputs;

namespace Infra.Components.Platform;

// The blueprint's Swarm service record (SwarmServiceSpecs), copied field for field into the provider's args. No
// decision is taken here: tier 3 asserts that what is declared equals the record.
public sealed partial class Services
{
    /// <summary>The provider's args of one service: the record, with secrets, configs and networks resolved to their resources.</summary>
    internal static Docker.ServiceArgs ServiceArgs(SwarmServiceSpec spec, ServicesArgs args, int convergeTimeoutSeconds)
    {
        var service = new Docker.ServiceArgs
        {
            Name = spec.Name,
            TaskSpec = TaskSpec(spec, args),
            Mode = spec.Mode.Global is not null
                ? new DockerInputs.ServiceModeArgs { Global = true }
                : new DockerInputs.ServiceModeArgs { Replicated = new DockerInputs.ServiceModeReplicatedArgs { Replicas = spec.Mode.Replicated!.Replicas } },
            UpdateConfig = spec.UpdateConfig is { } update ? UpdateConfig(update) : null!,
            RollbackConfig = spec.RollbackConfig is { } rollback ? RollbackConfig(rollback) : null!,
            EndpointSpec = new DockerInputs.ServiceEndpointSpecArgs
            {
                Mode = spec.EndpointSpec.Mode,
                Ports = [.. spec.EndpointSpec.Ports.Select(p => new DockerInputs.ServiceEndpointSpecPortArgs
                {
                    Protocol = p.Protocol,
                    TargetPort = p.TargetPort,
                    PublishedPort = p.PublishedPort,
                    PublishMode = p.PublishMode,
                })],
            },
        };
        if (spec.Mode.Global is null)
        {
            // The provider cannot wait for a global service to converge; the edge is last in the rollout.
            service.ConvergeConfig = new DockerInputs.ServiceConvergeConfigArgs
            {
                Delay = DockerValues.Duration(5 * SwarmServiceSpecs.Second),
                Timeout = DockerValues.Duration(convergeTimeoutSeconds * SwarmServiceSpecs.Second),
            };
        }

        return service;
    }

    private static DockerInputs.ServiceTaskSpecArgs TaskSpec(SwarmServiceSpec spec, ServicesArgs args)
    {
        var task = spec.TaskTemplate;
        var c = task.ContainerSpec;
        var who = $"service {spec.Name}";
        return new DockerInputs.ServiceTaskSpecArgs
        {
            ContainerSpec = new DockerInputs.ServiceTaskSpecContainerSpecArgs
            {
                Image = c.Image,
                Commands = [.. c.Command],
                Args = [.. c.Args],
                Hostname = c.Hostname is null ? null! : (Input<string>)c.Hostname,
                Env = c.Env.Select(e => e.Split('=', 2)).ToDictionary(e => e[0], e => e[1]),
                Mounts = [.. c.Mounts.Select(m => new DockerInputs.ServiceTaskSpecContainerSpecMountArgs
                {
                    Type = m.Type,
                    Source = m.Source!,
                    Target = m.Target,
                    ReadOnly = m.ReadOnly,
                    TmpfsOptions = m.TmpfsOptions is { } tmpfs
                        ? new DockerInputs.ServiceTaskSpecContainerSpecMountTmpfsOptionsArgs { SizeBytes = checked((int)tmpfs.SizeBytes), Mode = tmpfs.Mode }
                        : null!,
                })],
                StopSignal = c.StopSignal!,
                StopGracePeriod = DockerValues.Duration(c.StopGracePeriod),
                Healthcheck = new DockerInputs.ServiceTaskSpecContainerSpecHealthcheckArgs
                {
                    Tests = [.. c.HealthCheck.Test],
                    Interval = DockerValues.Duration(c.HealthCheck.Interval),
                    Timeout = DockerValues.Duration(c.HealthCheck.Timeout),
                    Retries = c.HealthCheck.Retries,
                    StartPeriod = DockerValues.Duration(c.HealthCheck.StartPeriod),
                },
                Secrets = [.. c.Secrets.Select(s =>
                {
                    var secret = Lookup(args.Secrets, s.SecretName, who, "secret");
                    return new DockerInputs.ServiceTaskSpecContainerSpecSecretArgs
                    {
                        SecretId = secret.Id,
                        SecretName = secret.Name,
                        FileName = s.File.Name,
                        FileUid = s.File.UID,
                        FileGid = s.File.GID,
                        FileMode = s.File.Mode,
                    };
                })],
                Configs = [.. c.Configs.Select(r =>
                {
                    var config = Lookup(args.Configs, r.ConfigName, who, "config");
                    return new DockerInputs.ServiceTaskSpecContainerSpecConfigArgs
                    {
                        ConfigId = config.Id,
                        ConfigName = config.Name,
                        FileName = r.File.Name,
                        FileUid = r.File.UID,
                        FileGid = r.File.GID,
                        FileMode = r.File.Mode,
                    };
                })],
            },
            Resources = new DockerInputs.ServiceTaskSpecResourcesArgs
            {
                Limits = new DockerInputs.ServiceTaskSpecResourcesLimitsArgs
                {
                    NanoCpus = DockerValues.Int32(task.Resources.Limits.NanoCPUs)!,
                    MemoryBytes = DockerValues.Int32(task.Resources.Limits.MemoryBytes)!,
                },
                Reservation = new DockerInputs.ServiceTaskSpecResourcesReservationArgs
                {
                    NanoCpus = DockerValues.Int32(task.Resources.Reservations.NanoCPUs)!,
                    MemoryBytes = DockerValues.Int32(task.Resources.Reservations.MemoryBytes)!,
                },
            },
            RestartPolicy = new DockerInputs.ServiceTaskSpecRestartPolicyArgs
            {
                Condition = task.RestartPolicy.Condition,
                Delay = DockerValues.Duration(task.RestartPolicy.Delay),
                MaxAttempts = task.RestartPolicy.MaxAttempts,
                Window = DockerValues.Duration(task.RestartPolicy.Window),
            },
            Placement = new DockerInputs.ServiceTaskSpecPlacementArgs { Constraints = [.. task.Placement.Constraints] },
            NetworksAdvanceds = [.. task.Networks.Select(n => new DockerInputs.ServiceTaskSpecNetworksAdvancedArgs
            {
                Name = Lookup(args.Networks, n.Target, who, "network").Id,
            })],
        };
    }

    private static DockerInputs.ServiceUpdateConfigArgs UpdateConfig(UpdateConfig u) => new()
    {
        Parallelism = u.Parallelism,
        Delay = DockerValues.Duration(u.Delay),
        FailureAction = u.FailureAction,
        Monitor = DockerValues.Duration(u.Monitor),
        MaxFailureRatio = DockerValues.Ratio(u.MaxFailureRatio),
        Order = u.Order,
    };

    private static DockerInputs.ServiceRollbackConfigArgs RollbackConfig(UpdateConfig u) => new()
    {
        Parallelism = u.Parallelism,
        Delay = DockerValues.Duration(u.Delay),
        FailureAction = u.FailureAction,
        Monitor = DockerValues.Duration(u.Monitor),
        MaxFailureRatio = DockerValues.Ratio(u.MaxFailureRatio),
        Order = u.Order,
    };
}
