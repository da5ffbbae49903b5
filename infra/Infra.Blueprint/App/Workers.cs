using Infra.Blueprint.Platform;

namespace Infra.Blueprint.App;

/// <summary>
/// The app's worker process types (<c>infra:app.workers</c>): one Swarm service each, <c>worker-{name}</c>, from the
/// app's image with the worker's command and replicas. Same environment, secrets, database path (PgBouncer) and
/// placement as the web replicas; on the backend network only, so no edge and nothing published. Gated by the migrate
/// job like every replica: no worker runs new code against an old schema.
/// </summary>
public static class Workers
{
    /// <summary>
    /// A worker opens no port to probe and the image's <c>HEALTHCHECK</c> probes the web port, so the check is off:
    /// Swarm's update monitor still rolls back a worker whose task exits within <see cref="UpdatePolicy.MonitorSeconds"/>.
    /// </summary>
    public static Healthcheck NoHealthcheck { get; } = new(["NONE"], 0, 0, 0, 0);

    /// <summary>The workers' part of the plan; nothing when the stack declares none.</summary>
    public static PlanPart Plan(Layout layout)
    {
        var app = layout.Settings.App;
        var web = App.Plan(layout).Services;
        return new PlanPart
        {
            Services =
            [
                .. app.Workers.Zip(layout.Workers).Select(pair =>
                {
                    var (worker, name) = pair;
                    var replica = web[0];
                    return replica with
                    {
                        Name = name,
                        Command = worker.Command,
                        Environment = App.Environment(layout, name),
                        Networks = [Layout.BackendNetwork],
                        Healthcheck = NoHealthcheck,
                        Update = replica.Update with { MonitorSeconds = 15 },
                        Replicas = worker.Replicas,
                        // SIGTERM starts the drain: the worker stops taking jobs and finishes the one in hand within this.
                        StopGraceSeconds = worker.StopGraceSeconds,
                        After = [Layout.PgBouncerService, Layout.RedisService],
                    };
                }),
            ],
        };
    }
}
