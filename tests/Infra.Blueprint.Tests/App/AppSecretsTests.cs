using Infra.Blueprint.Platform;
using Infra.Blueprint.Swarm;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.App;

public sealed class AppSecretsTests
{
    private static Plan Staging(Func<Infra.Blueprint.Settings.StackConfig, Infra.Blueprint.Settings.StackConfig> edit) => Planner.Build(edit(Repository.Stack("staging")));

    private static Plan WithSecrets(params string[] names) => Staging(c => c.WithList("app.secrets", names));

    [Fact]
    public void EachDeclaredSecretIsASwarmSecretFromItsStackConfigKey()
    {
        var plan = WithSecrets("STRIPE_KEY", "JWT_SIGNING_KEY");

        Assert.Equal(
            [
                new SecretSpec("app_secret_stripe_key", SecretKind.StackConfig, From: "infra:app.secret.STRIPE_KEY"),
                new SecretSpec("app_secret_jwt_signing_key", SecretKind.StackConfig, From: "infra:app.secret.JWT_SIGNING_KEY"),
            ],
            plan.Secrets.Where(s => s.Name.StartsWith("app_secret_", StringComparison.Ordinal)));
    }

    [Fact]
    public void EveryReplicaRecordMountsTheSecretAndNamesItsFileInNameFile()
    {
        var plan = WithSecrets("STRIPE_KEY");
        var swarm = SwarmServiceSpecs.For(plan);

        Assert.All(plan.Layout.AppReplicas, replica =>
        {
            var container = swarm.Step(replica).Spec.TaskTemplate.ContainerSpec;
            var secret = Assert.Single(container.Secrets, s => s.SecretName == "app_secret_stripe_key");
            Assert.Equal(new FileTarget("app_secret_stripe_key", "0", "0", 0b100_100_100), secret.File);
            Assert.Contains("STRIPE_KEY_FILE=/run/secrets/app_secret_stripe_key", container.Env);
            Assert.DoesNotContain(container.Env, e => e.StartsWith("STRIPE_KEY=", StringComparison.Ordinal));
        });
    }

    [Fact]
    public void OnlyTheAppsOwnProcessesReceiveTheAppsSecrets()
    {
        var plan = WithSecrets("STRIPE_KEY");

        var holders = plan.Services.Where(s => s.Secrets.Any(m => m.Secret == "app_secret_stripe_key")).Select(s => s.Name);

        // The web replicas and the workers; the scheduled tasks too (not in Jobs: they run from timers, not the rollout).
        Assert.Equal([.. plan.Layout.AppReplicas, .. plan.Layout.Workers], holders);
        Assert.All(plan.Schedules, t => Assert.Contains(t.Job.Secrets, m => m.Secret == "app_secret_stripe_key"));
        Assert.DoesNotContain(plan.Jobs, j => j.Secrets.Any(m => m.Secret == "app_secret_stripe_key"));
    }

    [Fact]
    public void WithoutDeclaredSecretsThePlanHasNone()
    {
        var plan = Planner.Build(Repository.Stack("staging"));

        Assert.DoesNotContain(plan.Secrets, s => s.Name.StartsWith("app_secret_", StringComparison.Ordinal));
        Assert.All(plan.Layout.AppReplicas, r => Assert.All(plan.Service(r).Environment.Keys, k => Assert.Contains(k, Contract.AppContract.Env.All)));
    }

    [Fact]
    public void ThePrivateRegistryLoginGoesWithEveryProcessOfTheAppImageAndNoOther()
    {
        var plan = Staging(c => c.With("registry.server", "ghcr.io").With("registry.user", "acme-bot"));
        var login = new RegistryLogin("ghcr.io", "acme-bot", "infra:registry.token");

        Assert.All(plan.Layout.AppReplicas, r => Assert.Equal(login, plan.Service(r).Registry));
        Assert.Equal(login, plan.Jobs.Single(j => j.Name == Layout.MigrateJob).Registry);
        Assert.All(plan.Layout.Workers, w => Assert.Equal(login, plan.Service(w).Registry));
        Assert.All(plan.Schedules, t => Assert.Equal(login, t.Job.Registry));
        Assert.All(plan.Services.Where(s => !plan.Layout.AppReplicas.Contains(s.Name) && !plan.Layout.Workers.Contains(s.Name)), s => Assert.Null(s.Registry));
    }

    [Fact]
    public void APublicImageHasNoRegistryLogin()
    {
        var plan = Planner.Build(Repository.Stack("staging"));

        Assert.All(plan.Services, s => Assert.Null(s.Registry));
        Assert.All(plan.Jobs, j => Assert.Null(j.Registry));
    }
}
