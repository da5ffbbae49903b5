using System.Globalization;
using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Swarm;

/// <summary>
/// The one mapping from the plan's services and jobs to Swarm service specs (<see cref="SwarmServiceSpec"/>). The Pulumi
/// layer copies its result into <c>Pulumi.Docker</c> args field for field, the job scripts are rendered from it,
/// <c>plan</c> writes it as JSON and the real-Swarm tier deploys it.
/// </summary>
public static class SwarmServiceSpecs
{
    /// <summary>The provider issue that types CPU and memory figures as 32-bit integers.</summary>
    public const string Int32Issue = "pulumi/pulumi-docker#1185";

    /// <summary>Nanoseconds in a second: the Engine API's unit of durations.</summary>
    public const long Second = 1_000_000_000;

    /// <summary>Bytes in a MiB.</summary>
    public const long MiB = 1024 * 1024;

    /// <summary>Mode of a config file: readable by everyone, as Swarm's default (0444).</summary>
    public const int ConfigMode = 0b100_100_100;

    /// <summary>The Swarm deployment of <paramref name="plan"/>: every service and job in rollout order, with the warnings.</summary>
    public static SwarmDeployment For(Plan plan)
    {
        var steps = plan.Rollout.Select(step => step.Kind == RolloutStepKind.Service
            ? Step(step, plan.Service(step.Name))
            : Step(step, plan.Jobs.Single(j => j.Name == step.Name))).ToList();
        return new SwarmDeployment(steps, [.. plan.Services.SelectMany(Warnings)]);
    }

    /// <summary>The Swarm service of a planned service.</summary>
    public static SwarmServiceSpec Service(ServiceSpec spec) => new(
        Name: spec.Name,
        TaskTemplate: new TaskSpec(
            new ContainerSpec(
                Image: spec.Image,
                Command: [.. spec.Entrypoint],
                Args: [.. spec.Command],
                Hostname: spec.Hostname,
                Env: Env(spec.Environment),
                Mounts:
                [
                    .. spec.Volumes.Select(m => new Mount("volume", m.Volume, m.Target, m.ReadOnly)),
                    .. (spec.HostMounts ?? []).Select(m => new Mount("bind", m.Source, m.Target, m.ReadOnly)),
                    .. spec.Tmpfs.Select(m => new Mount("tmpfs", null, m.Target, false, new TmpfsOptions(m.SizeMb * MiB, m.Mode))),
                ],
                StopSignal: spec.StopSignal,
                StopGracePeriod: spec.StopGraceSeconds * Second,
                HealthCheck: new HealthConfig(
                    [.. spec.Healthcheck.Test],
                    spec.Healthcheck.IntervalSeconds * Second,
                    spec.Healthcheck.TimeoutSeconds * Second,
                    spec.Healthcheck.Retries,
                    spec.Healthcheck.StartPeriodSeconds * Second),
                Secrets: [.. spec.Secrets.Select(Secret)],
                Configs: [.. spec.Configs.Select(m => new ConfigReference(m.Key, new FileTarget(m.Target, "0", "0", ConfigMode)))]),
            Resources(spec.Resources),
            new RestartPolicy("any", 5 * Second, MaxAttempts: 0, Window: 0),
            new Placement([.. spec.Placement]),
            [.. spec.Networks.Select(n => new NetworkAttachmentConfig(n))]),
        Mode: spec.Global ? new ServiceMode(Global: new GlobalMode()) : new ServiceMode(Replicated: new ReplicatedMode(spec.Replicas)),
        UpdateConfig: Update(spec.Update, spec.Update.RollbackOnFailure ? "rollback" : "pause"),
        RollbackConfig: Update(spec.Update, "pause"),
        EndpointSpec: new EndpointSpec("vip", [.. spec.Ports.Select(p => new EndpointPortConfig(p.Protocol, p.Target, p.Published, p.HostMode ? "host" : "ingress"))]));

    /// <summary>
    /// The one-shot service of a planned job: one replica, never restarted, and no healthcheck — a job opens no port, so
    /// the image's <c>HEALTHCHECK</c> (the app's probes the HTTP port) would kill a long migration. A replicated service
    /// rather than a <c>replicated-job</c>: Docker before 24 (Debian 12's 20.10) keeps a removed job's tasks and leaves
    /// their containers on the nodes that ran them, while a removed service's are deleted by Swarm on every node. With
    /// restart condition <c>none</c> Swarm never replaces its completed task; the job script removes the service.
    /// </summary>
    public static SwarmServiceSpec Job(JobSpec job) => new(
        Name: job.ServiceName,
        TaskTemplate: new TaskSpec(
            new ContainerSpec(
                Image: job.Image,
                Command: [.. job.Entrypoint],
                Args: [.. job.Command],
                Hostname: null,
                Env: Env(job.Environment),
                Mounts: [.. job.Volumes.Select(m => new Mount("volume", m.Volume, m.Target, m.ReadOnly))],
                StopSignal: null,
                StopGracePeriod: 10 * Second,
                HealthCheck: HealthConfig.None,
                Secrets: [.. job.Secrets.Select(Secret)],
                Configs: []),
            new ResourceRequirements(new Limit(null, null), new Limit(null, null)),
            new RestartPolicy("none", 0, MaxAttempts: 0, Window: 0),
            new Placement([.. job.Placement]),
            [.. job.Networks.Select(n => new NetworkAttachmentConfig(n))]),
        Mode: new ServiceMode(Replicated: new ReplicatedMode(1)),
        UpdateConfig: null,
        RollbackConfig: null,
        EndpointSpec: new EndpointSpec("vip", []));

    /// <summary>
    /// What of <paramref name="spec"/>'s resources the Pulumi layer cannot declare: Pulumi.Docker 5.1.0 types
    /// <c>MemoryBytes</c> and <c>NanoCpus</c> as <c>int</c> (<see cref="Int32Issue"/>), so 2 GiB of memory or 2.15 CPUs
    /// and above are left unset — the task then runs with no limit at all.
    /// </summary>
    public static IEnumerable<string> Warnings(ServiceSpec spec)
    {
        var r = spec.Resources;
        if (Int32OrNull(r.LimitNanoCpus) is null)
        {
            yield return $"service {spec.Name}: CPU limit {r.LimitCpus.ToString(CultureInfo.InvariantCulture)} ({r.LimitNanoCpus} nano-CPUs) does not fit Pulumi.Docker's 32-bit field ({Int32Issue}): left unset, the task may use every CPU of its node";
        }

        if (Int32OrNull(r.LimitMemoryMb * MiB) is null)
        {
            yield return $"service {spec.Name}: memory limit {r.LimitMemoryMb} MiB ({r.LimitMemoryMb * MiB} bytes) does not fit Pulumi.Docker's 32-bit field ({Int32Issue}): left unset, the task runs with no memory limit";
        }

        if (Int32OrNull(r.ReserveMemoryMb * MiB) is null)
        {
            yield return $"service {spec.Name}: memory reservation {r.ReserveMemoryMb} MiB does not fit Pulumi.Docker's 32-bit field ({Int32Issue}): left unset, nothing is reserved";
        }
    }

    private static ResourceRequirements Resources(Platform.Resources r) => new(
        new Limit(Int32OrNull(r.LimitNanoCpus), Int32OrNull(r.LimitMemoryMb * MiB)),
        new Limit(null, Int32OrNull(r.ReserveMemoryMb * MiB)));

    private static UpdateConfig Update(UpdatePolicy update, string failureAction) => new(
        update.Parallelism,
        update.DelaySeconds * Second,
        failureAction,
        update.MonitorSeconds * Second,
        MaxFailureRatio: 0,
        update.Order == UpdateOrder.StartFirst ? "start-first" : "stop-first");

    private static SecretReference Secret(SecretMount m) => new(m.Secret, new FileTarget(m.FileName, m.Uid, m.Gid, m.Mode));

    private static List<string> Env(IReadOnlyDictionary<string, string> environment) =>
        [.. environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}")];

    private static long? Int32OrNull(long value) => value is >= 0 and <= int.MaxValue ? value : null;

    private static SwarmStep Step(RolloutStep step, ServiceSpec spec) => new(step, Service(spec), spec.Update.ConvergeTimeoutSeconds, null);

    private static SwarmStep Step(RolloutStep step, JobSpec job) => new(step, Job(job), job.TimeoutSeconds, job.ScriptPath);
}
