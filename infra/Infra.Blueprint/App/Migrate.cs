using System.Globalization;
using Infra.Blueprint.Data;
using Infra.Blueprint.Platform;
using Infra.Contract;

namespace Infra.Blueprint.App;

/// <summary>
/// The app's migrations: a job from the app's image that runs before every app rollout and gates every replica, so a
/// failed migration stops the rollout before any replica runs the new code. It connects to Postgres directly, on its
/// host: migrations take session-level locks and run DDL outside transactions, which PgBouncer's transaction pooling
/// does not allow.
/// </summary>
public static class Migrate
{
    /// <summary>How long a migration may run before the rollout counts it as failed.</summary>
    public const int TimeoutSeconds = 900;

    /// <summary>The migrate job's part of the plan.</summary>
    public static PlanPart Plan(Layout layout)
    {
        var settings = layout.Settings;
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [AppContract.Env.Environment] = settings.Stack,
            [AppContract.Env.Version] = settings.App.Image.Tag,
            [AppContract.Env.Instance] = Layout.MigrateJob,
            [AppContract.Env.PostgresHost] = Layout.PostgresService,
            [AppContract.Env.PostgresPort] = PostgresRuntime.DefaultPort.ToString(CultureInfo.InvariantCulture),
            [AppContract.Env.PostgresDatabase] = settings.Postgres.Database,
            [AppContract.Env.PostgresUser] = PostgresRoles.App,
            [AppContract.Env.PostgresPasswordFile] = AppContract.Secrets.PathOf(AppContract.Secrets.PostgresPassword),
            [AppContract.Env.PostgresSslMode] = "disable",
            [AppContract.Env.PostgresSslRootCertFile] = "",
        };
        return new PlanPart
        {
            Jobs =
            [
                new JobSpec(
                    Name: Layout.MigrateJob,
                    Image: settings.App.Image.ToString(),
                    Entrypoint: [],
                    Command: [AppContract.Commands.Migrate],
                    Environment: environment,
                    Networks: [Layout.BackendNetwork],
                    Secrets: [App.PostgresPassword],
                    Volumes: [],
                    Placement: [Layout.Constraint("db")],
                    TimeoutSeconds: TimeoutSeconds,
                    Gates: [.. layout.AppReplicas, .. layout.Workers],
                    // The migrate command does not wait for the database: on a first deploy Postgres must be up before it runs.
                    // PgBouncer is gated by the roles job, so waiting for it means the app's role exists too.
                    After: [Layout.PostgresService, Layout.PgBouncerService])
                {
                    Registry = RegistryLogin.For(settings, settings.App.Image.ToString()),
                },
            ],
        };
    }
}
