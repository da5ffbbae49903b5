using Infra.Blueprint.Platform;
using Infra.Contract;

namespace Infra.Blueprint.Tests.App;

public sealed class MigrateTests
{
    [Fact]
    public void TheMigrateJobGatesEveryReplicaAndWorkerAndConnectsToPostgresDirectly()
    {
        var plan = Plans.Of("prod");

        var migrate = plan.Jobs.Single(j => j.Name == Layout.MigrateJob);

        Assert.Equal(plan.Settings.App.Image.ToString(), migrate.Image);
        Assert.Equal([AppContract.Commands.Migrate], migrate.Command);
        Assert.Equal(["app-1", "app-2", "app-3", "app-4", "worker-queue"], migrate.Gates);
        Assert.Equal(Layout.PostgresService, migrate.Environment[AppContract.Env.PostgresHost]);
    }

    [Fact]
    public void TheMigrateJobRunsOnlyOncePostgresIsUp()
    {
        var plan = Plans.Of("staging");

        var migrate = plan.Jobs.Single(j => j.Name == Layout.MigrateJob);

        // PgBouncer is gated by the roles job: the app's role exists before its migrations log in as it.
        Assert.Equal([Layout.PostgresService, Layout.PgBouncerService], migrate.After);
        Assert.All(plan.Jobs, j => Assert.All(j.After ?? [], s => Assert.Contains(s, plan.Services.Select(p => p.Name))));
    }
}
