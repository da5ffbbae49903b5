using Infra.Blueprint.Backups;
using Infra.Blueprint.Data;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Policies;
using Infra.Blueprint.Settings;
using Infra.Contract;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.App;

public sealed class MigrateTests
{
    private static Plan PlanOf(string stack, string? key = null, string? value = null)
    {
        var config = Repository.Stack(stack);
        return Planner.Build(key is null ? config : config.With(key, value));
    }

    [Fact]
    public void TheMigrateJobGatesEveryReplicaAndConnectsToPostgresDirectly()
    {
        var plan = PlanOf("prod");

        var migrate = plan.Jobs.Single(j => j.Name == Layout.MigrateJob);

        Assert.Equal(plan.Settings.App.Image.ToString(), migrate.Image);
        Assert.Equal([AppContract.Commands.Migrate], migrate.Command);
        Assert.Equal(["app-1", "app-2", "app-3", "app-4"], migrate.Gates);
        Assert.Equal(Layout.PostgresService, migrate.Environment[AppContract.Env.PostgresHost]);
    }

    [Fact]
    public void TheMigrateJobRunsOnlyOncePostgresIsUp()
    {
        var plan = PlanOf("staging");

        var migrate = plan.Jobs.Single(j => j.Name == Layout.MigrateJob);

        Assert.Equal([Layout.PostgresService], migrate.After);
        Assert.All(plan.Jobs, j => Assert.All(j.After ?? [], s => Assert.Contains(s, plan.Services.Select(p => p.Name))));
    }
}
