using Infra.Blueprint.Data;
using Infra.Blueprint.Platform;
using Infra.Contract;

namespace Infra.Blueprint.Tests.App;

public sealed class AppTests
{
    [Fact]
    public void EachReplicaIsItsOwnServiceUpdatedStartFirstOnlyAfterThePreviousOne()
    {
        var plan = Plans.Of("prod");

        var replicas = plan.Services.Where(s => s.Name.StartsWith("app-", StringComparison.Ordinal)).ToList();

        Assert.Equal(["app-1", "app-2", "app-3", "app-4"], replicas.Select(s => s.Name));
        Assert.All(replicas, s => Assert.Equal((1, UpdateOrder.StartFirst, true), (s.Replicas, s.Update.Order, s.Update.RollbackOnFailure)));
        Assert.Equal(["pgbouncer", "redis"], replicas[0].After);
        Assert.Equal(["app-3"], replicas[3].After);
        Assert.Equal(["app-1", "app-2", "app-3", "app-4", "grafana"], plan.Service("edge-web-1").After);
    }

    [Fact]
    public void TheSwarmHealthcheckProbesTheStartedPathSoADatabaseOutageReplacesNoReplica()
    {
        var replicas = Plans.Of("prod").Services.Where(s => s.Name.StartsWith("app-", StringComparison.Ordinal)).ToList();

        // Readiness here would turn every replica unhealthy during a Postgres update and Swarm would replace them all at once.
        Assert.All(replicas, s => Assert.True(
            s.Healthcheck.Test.SequenceEqual(["CMD", "dotnet", "Infra.App.dll", "healthcheck", "/health/started"]),
            $"service {s.Name}: its healthcheck is [{string.Join(", ", s.Healthcheck.Test)}], not the started path"));
    }

    [Fact]
    public void ReplicasGetTheContractEnvironmentAndCredentialsOnlyAsSecretFiles()
    {
        var app = Plans.Of("staging").Service("app-2");

        Assert.All(AppContract.Env.All, name => Assert.True(app.Environment.ContainsKey(name), $"app-2 lacks {name}"));
        Assert.Equal("app-2", app.Environment[AppContract.Env.Instance]);
        Assert.Equal("/run/secrets/postgres_password", app.Environment[AppContract.Env.PostgresPasswordFile]);
        Assert.Equal(
            [AppContract.Secrets.SigningKey, AppContract.Secrets.PostgresPassword, AppContract.Secrets.RedisPassword],
            app.Secrets.Select(s => s.FileName));
        // The file the contract names holds the least-privilege role's password, never the superuser's.
        Assert.Equal(PostgresRoles.App, app.Environment[AppContract.Env.PostgresUser]);
        Assert.Equal(PostgresRoles.AppSecret, app.Secrets.Single(s => s.FileName == AppContract.Secrets.PostgresPassword).Secret);
        Assert.True(app.StopGraceSeconds > int.Parse(app.Environment[AppContract.Env.DrainSeconds]), "SIGKILL would cut the drain short");
        // The image's user is not the platform's to know (the reference image runs as 1654): every user may read.
        Assert.All(app.Secrets, m => Assert.Equal(0b100_100_100, m.Mode));
    }
}
