using Infra.Blueprint.Platform;
using Pulumi;
using Docker = Pulumi.Docker;
using DockerInputs = Pulumi.Docker.Inputs;

namespace Infra.Components.Platform;

// How one planned service maps onto the provider's task, update and endpoint specs.
public sealed partial class Services
{
    private static DockerInputs.ServiceTaskSpecArgs TaskSpec(ServiceSpec spec, ServicesArgs args) => new()
    {
        ContainerSpec = new DockerInputs.ServiceTaskSpecContainerSpecArgs
        {
            Image = spec.Image,
            Args = [.. spec.Command],
            Env = spec.Environment.ToDictionary(e => e.Key, e => e.Value),
            Secrets = [.. spec.Secrets.Select(m =>
            {
                var secret = Lookup(args.Secrets, m.Secret, $"service {spec.Name}", "secret");
                return new DockerInputs.ServiceTaskSpecContainerSpecSecretArgs
                {
                    SecretId = secret.Id,
                    SecretName = secret.Name,
                    FileName = m.FileName,
                    FileUid = m.Uid,
                    FileGid = m.Uid,
                    FileMode = m.Mode,
                };
            })],
            Configs = [.. spec.Configs.Select(m =>
            {
                var config = Lookup(args.Configs, m.Key, $"service {spec.Name}", "config");
                return new DockerInputs.ServiceTaskSpecContainerSpecConfigArgs
                {
                    ConfigId = config.Id,
                    ConfigName = config.Name,
                    FileName = m.Target,
                };
            })],
            Mounts =
            [
                .. spec.Volumes.Select(m => new DockerInputs.ServiceTaskSpecContainerSpecMountArgs
                {
                    Type = "volume",
                    Source = m.Volume,
                    Target = m.Target,
                    ReadOnly = m.ReadOnly,
                }),
                .. (spec.HostMounts ?? []).Select(m => new DockerInputs.ServiceTaskSpecContainerSpecMountArgs
                {
                    Type = "bind",
                    Source = m.Source,
                    Target = m.Target,
                    ReadOnly = m.ReadOnly,
                }),
            ],
            Hostname = spec.Hostname is null ? null : (Input<string>)spec.Hostname,
            Healthcheck = new DockerInputs.ServiceTaskSpecContainerSpecHealthcheckArgs
            {
                Tests = [.. spec.Healthcheck.Test],
                Interval = DockerValues.Seconds(spec.Healthcheck.IntervalSeconds),
                Timeout = DockerValues.Seconds(spec.Healthcheck.TimeoutSeconds),
                Retries = spec.Healthcheck.Retries,
                StartPeriod = DockerValues.Seconds(spec.Healthcheck.StartPeriodSeconds),
            },
            StopGracePeriod = DockerValues.Seconds(spec.StopGraceSeconds),
        },
        NetworksAdvanceds = [.. spec.Networks.Select(n => new DockerInputs.ServiceTaskSpecNetworksAdvancedArgs
        {
            Name = Lookup(args.Networks, n, $"service {spec.Name}", "network").Id,
        })],
        Placement = new DockerInputs.ServiceTaskSpecPlacementArgs { Constraints = [.. spec.Placement] },
        Resources = Resources(spec),
    };

    private static DockerInputs.ServiceTaskSpecResourcesArgs Resources(ServiceSpec spec)
    {
        const long MiB = 1024 * 1024;
        var r = spec.Resources;
        var limitCpus = DockerValues.Int32OrNull(r.LimitNanoCpus);
        var limitMemory = DockerValues.Int32OrNull(r.LimitMemoryMb * MiB);
        var reserveMemory = DockerValues.Int32OrNull(r.ReserveMemoryMb * MiB);
        if (limitCpus is null || limitMemory is null || reserveMemory is null)
        {
            Log.Warn($"service {spec.Name}: Pulumi.Docker 5.1.0 takes CPU and memory figures as 32-bit integers (pulumi/pulumi-docker#1185); "
                + $"left unset: {string.Join(", ", new[] { limitCpus is null ? $"CPU limit {r.LimitCpus}" : null, limitMemory is null ? $"memory limit {r.LimitMemoryMb} MiB" : null, reserveMemory is null ? $"memory reservation {r.ReserveMemoryMb} MiB" : null }.OfType<string>())}");
        }

        var limits = new DockerInputs.ServiceTaskSpecResourcesLimitsArgs();
        if (limitCpus is int nanoCpus)
        {
            limits.NanoCpus = nanoCpus;
        }

        if (limitMemory is int memoryBytes)
        {
            limits.MemoryBytes = memoryBytes;
        }

        var reservation = new DockerInputs.ServiceTaskSpecResourcesReservationArgs();
        if (reserveMemory is int reservedBytes)
        {
            reservation.MemoryBytes = reservedBytes;
        }

        return new DockerInputs.ServiceTaskSpecResourcesArgs { Limits = limits, Reservation = reservation };
    }

    private static DockerInputs.ServiceUpdateConfigArgs UpdateConfig(UpdatePolicy update) => new()
    {
        Parallelism = update.Parallelism,
        Delay = DockerValues.Seconds(update.DelaySeconds),
        Order = DockerValues.Order(update.Order),
        FailureAction = update.RollbackOnFailure ? "rollback" : "pause",
        Monitor = DockerValues.Seconds(update.MonitorSeconds),
        MaxFailureRatio = "0",
    };

    private static DockerInputs.ServiceRollbackConfigArgs RollbackConfig(UpdatePolicy update) => new()
    {
        Parallelism = update.Parallelism,
        Delay = DockerValues.Seconds(update.DelaySeconds),
        Order = DockerValues.Order(update.Order),
        FailureAction = "pause",
        Monitor = DockerValues.Seconds(update.MonitorSeconds),
        MaxFailureRatio = "0",
    };

    private static DockerInputs.ServiceEndpointSpecArgs EndpointSpec(ServiceSpec spec) => new()
        {
            Ports = [.. spec.Ports.Select(p => new DockerInputs.ServiceEndpointSpecPortArgs
            {
                PublishedPort = p.Published,
                TargetPort = p.Target,
                Protocol = p.Protocol,
                PublishMode = p.HostMode ? "host" : "ingress",
            })],
        };
}
