using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Platform;

/// <summary>
/// A scheduled task: a <see cref="JobSpec"/> (the app's image with the task's command, as a one-shot Swarm service)
/// that a systemd timer on the leader starts on <see cref="Schedule"/> instead of the rollout. It gates nothing and
/// waits for nothing: it is not part of <see cref="Plan.Rollout"/>.
/// </summary>
/// <param name="Name">The task's name (<c>infra:app.schedules</c>).</param>
/// <param name="Schedule">When it runs (UTC).</param>
/// <param name="Job">What one run runs.</param>
public sealed record ScheduleSpec(string Name, CronSchedule Schedule, JobSpec Job)
{
    /// <summary>Directory on the leader holding the runner and job scripts of every scheduled task.</summary>
    public const string InstallDirectory = "/usr/local/lib/infra/schedules";

    /// <summary>Directory on the leader holding each task's environment file (the Swarm names of its secrets).</summary>
    public const string EnvironmentDirectory = "/etc/infra/schedules";

    /// <summary>The systemd unit name (without suffix) of the service and timer: <c>infra-schedule-{Name}</c>.</summary>
    public string UnitName => $"infra-schedule-{Name}";

    /// <summary>The rendered runner script (lock, run, metrics) in the plan's files.</summary>
    public string ScriptPath => $"schedules/{Name}.sh";

    /// <summary>The rendered job script (the one-shot service run) in the plan's files.</summary>
    public string JobScriptPath => $"schedules/{Name}.job.sh";

    /// <summary>The rendered systemd service unit in the plan's files.</summary>
    public string ServiceUnitPath => $"schedules/{UnitName}.service";

    /// <summary>The rendered systemd timer unit in the plan's files.</summary>
    public string TimerUnitPath => $"schedules/{UnitName}.timer";

    /// <summary>Where the runner is installed on the leader.</summary>
    public string InstalledScript => $"{InstallDirectory}/{Name}.sh";

    /// <summary>Where the job script is installed on the leader.</summary>
    public string InstalledJobScript => $"{InstallDirectory}/{Name}.job.sh";

    /// <summary>The environment file the service unit reads: <c>SECRET_*</c> lines naming the Swarm secrets, written at deploy.</summary>
    public string EnvironmentFile => $"{EnvironmentDirectory}/{Name}.env";

    /// <summary>The lock that keeps a manual run and a timed one apart (systemd never starts the unit twice).</summary>
    public string LockFile => $"/run/lock/{UnitName}.lock";
}
