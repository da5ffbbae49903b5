using Infra.Blueprint.Platform;
using Infra.Contract;

namespace Infra.Blueprint.App;

/// <summary>
/// The app's worker process types (<c>infra:app.workers</c>): one Swarm service each, <c>worker-{name}</c>, from the
/// app's image with the worker's command and replicas. Same environment, secrets, database path (PgBouncer) and
/// placement as the web replicas; on the backend network only, so no edge and nothing published. Gated by the migrate
/// job like every replica: no worker runs new code against an old schema.
/// </summary>
public static class Workers
{
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
                        // Liveness, not readiness: a worker takes no traffic to withhold, and one that waits out a Redis or
                        // Postgres outage must not be killed for it. It answers the live path on the app's port.
                        Healthcheck = replica.Healthcheck with { Test = AppContract.Healthcheck(app.Healthcheck, app.Port, AppContract.Paths.Live) },
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
