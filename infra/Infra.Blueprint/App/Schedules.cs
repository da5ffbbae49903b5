using Infra.Blueprint.Platform;

namespace Infra.Blueprint.App;

/// <summary>
/// The app's scheduled tasks (<c>infra:app.schedules</c>): each a job of the app's image with the task's command, the
/// app's environment and secrets, placed like the app, that a systemd timer on the leader starts on its schedule
/// (<see cref="Hosts.ScheduleScripts"/>). Not part of the rollout: a deploy installs the timers, it runs no task.
/// </summary>
public static class Schedules
{
    /// <summary>
    /// The schedules' part of the plan: node-exporter's textfile volume when the backups (which otherwise declare it)
    /// are off, so the leader's exporter reads the runners' metrics.
    /// </summary>
    public static PlanPart Plan(Layout layout) => layout.Settings.App.Schedules.Count == 0 || layout.Settings.Backups.Enabled
        ? PlanPart.None
        : new PlanPart { Volumes = [new VolumeSpec(Backups.BackupMetrics.TextfileVolume, "", Stateful: false, Protected: false, PerNode: true)] };

    /// <summary>The scheduled tasks of a stack, in the order of <c>infra:app.schedules</c>.</summary>
    public static IReadOnlyList<ScheduleSpec> Of(Layout layout)
    {
        var app = layout.Settings.App;
        return
        [
            .. app.Schedules.Select(task =>
            {
                var name = $"schedule-{task.Name}";
                return new ScheduleSpec(task.Name, task.Schedule, new JobSpec(
                    Name: name,
                    Image: app.Image.ToString(),
                    Entrypoint: [],
                    Command: task.Command,
                    Environment: App.Environment(layout, name),
                    Networks: [Layout.BackendNetwork],
                    Secrets: App.Secrets(layout.Settings),
                    Volumes: [],
                    Placement: [Layout.Constraint("app")],
                    TimeoutSeconds: task.TimeoutSeconds,
                    Gates: [])
                {
                    Registry = RegistryLogin.For(layout.Settings, app.Image.ToString()),
                });
            }),
        ];
    }
}
