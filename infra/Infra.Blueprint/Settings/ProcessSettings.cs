namespace Infra.Blueprint.Settings;

/// <summary>
/// A worker process type (<c>infra:app.workers</c>): the app's image with another command, its own replicas, no edge;
/// the same secrets and database access as the web replicas.
/// </summary>
/// <param name="Name">The process type's name, a DNS label such as <c>queue</c>; its service is <c>worker-{Name}</c>.</param>
/// <param name="Command">Arguments replacing the image's command, e.g. <c>[worker]</c>.</param>
/// <param name="Replicas">Number of tasks of the worker service.</param>
/// <param name="StopGraceSeconds">Seconds between SIGTERM and SIGKILL: how long a task may take to finish the job in hand.</param>
public sealed record WorkerSettings(string Name, IReadOnlyList<string> Command, int Replicas, int StopGraceSeconds);

/// <summary>
/// A scheduled task (<c>infra:app.schedules</c>): the app's image run with a command to completion on a cron schedule
/// (UTC), never two runs at once.
/// </summary>
/// <param name="Name">The task's name, a DNS label such as <c>cleanup</c>.</param>
/// <param name="Schedule">When it runs, a five-field cron expression in UTC.</param>
/// <param name="Command">Arguments replacing the image's command, e.g. <c>[cleanup]</c>.</param>
/// <param name="TimeoutSeconds">How long one run may take before it counts as failed.</param>
public sealed record ScheduleSettings(string Name, CronSchedule Schedule, IReadOnlyList<string> Command, int TimeoutSeconds);
