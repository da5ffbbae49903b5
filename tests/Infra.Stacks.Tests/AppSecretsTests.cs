using Infra.Blueprint.Platform;
using Infra.Components.Platform;
using Infra.TestKit;
using Pulumi;

namespace Infra.Stacks.Tests;

/// <summary>The app's own secrets and the private registry login, as the Pulumi program declares them.</summary>
[Collection(PulumiCollection.Name)]
public sealed class AppSecretsTests
{
    private const string Service = "docker:index/service:Service";
    private const string StripeValue = "sk_test_rotatable-value-1";
    private const string RegistryToken = "ghp_registryTokenOfTheTest000000000000";

    private static Infra.Blueprint.Settings.StackConfig StagingWithSecretAndRegistry => Repository.Stack("staging")
        .WithList("app.secrets", "STRIPE_KEY")
        .With("registry.server", "ghcr.io")
        .With("registry.user", "acme-bot");

    private static Dictionary<string, string> Secrets(string stripe) => new(StackRun.FakeSecrets)
    {
        ["infra:app.secret.STRIPE_KEY"] = stripe,
        ["infra:registry.token"] = RegistryToken,
    };

    [Fact]
    public async Task AnAppSecretReachesEveryReplicaAsAnAutoNamedDockerSecretAndItsFileVariable()
    {
        var run = await StackRun.RunAsync(StagingWithSecretAndRegistry, secrets: Secrets(StripeValue));
        var data = run.Component<Secrets>().Data["app_secret_stripe_key"];
        var secret = run.OfType("docker:index/secret:Secret").Single(s => s.Name == "secrets-app_secret_stripe_key");

        Assert.True(await Output.IsSecretAsync(data), "Docker secret app_secret_stripe_key: its data is not a Pulumi secret");
        Assert.Equal(StripeValue, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(await StackRun.ValueOf(data))));
        // No fixed name: a new value replaces the secret under a new auto-name, created before the old one is deleted.
        Assert.Null(secret.At("name"));
        foreach (var replica in Planner.Build(StagingWithSecretAndRegistry).Layout.AppReplicas)
        {
            var service = run.OfType(Service).Single(s => s.Name == $"services-{replica}");
            var mounts = service.ListAt("taskSpec", "containerSpec", "secrets").Cast<IReadOnlyDictionary<string, object>>().ToList();
            Assert.Contains(mounts, m => (string)m["secretId"] == $"{secret.Name}_id" && (string)m["fileName"] == "app_secret_stripe_key");
            var env = (IReadOnlyDictionary<string, object>)service.At("taskSpec", "containerSpec", "env")!;
            Assert.Equal("/run/secrets/app_secret_stripe_key", env["STRIPE_KEY_FILE"]);
            Assert.DoesNotContain(env.Values, v => ((string)v).Contains(StripeValue, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task EveryAppServiceAndNoOtherPullsWithThePrivateRegistryLogin()
    {
        var run = await StackRun.RunAsync(StagingWithSecretAndRegistry, secrets: Secrets(StripeValue));
        var layout = Planner.Build(StagingWithSecretAndRegistry).Layout;
        // The app image's own processes: the web replicas and the workers.
        var replicas = layout.AppReplicas.Concat(layout.Workers).Select(r => $"services-{r}").ToHashSet();

        foreach (var service in run.OfType(Service))
        {
            if (replicas.Contains(service.Name))
            {
                Assert.Equal("ghcr.io", service.At("auth", "serverAddress"));
                Assert.Equal("acme-bot", service.At("auth", "username"));
                Assert.Equal(RegistryToken, service.At("auth", "password"));
            }
            else
            {
                Assert.True(service.At("auth") is null, $"{service.Urn("staging")}: a platform image pulls with the app's registry login");
            }
        }
    }

    [Fact]
    public async Task TheMigrateJobLogsInWithTheTokenFromItsStdinAndPassesItToSwarm()
    {
        var run = await StackRun.RunAsync(StagingWithSecretAndRegistry, secrets: Secrets(StripeValue));
        var job = run.OfType("command:remote:Command").Single(c => c.Name == $"services-job-{Layout.MigrateJob}");
        var stdin = (string)job.At("stdin")!;

        Assert.Contains($"export {RegistryLogin.TokenVariable}='{RegistryToken}'\n", stdin, StringComparison.Ordinal);
        Assert.Contains("docker login --username 'acme-bot' --password-stdin 'ghcr.io'", stdin, StringComparison.Ordinal);
        Assert.Contains("--with-registry-auth", stdin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheScheduledTasksInstallerKeepsTheTokenForEachRunsLogin()
    {
        var run = await StackRun.RunAsync(StagingWithSecretAndRegistry, secrets: Secrets(StripeValue));
        var installer = run.OfType("command:remote:Command").Single(c => c.Name == "services-schedules");
        var stdin = (string)installer.At("stdin")!;

        Assert.Contains($"export {RegistryLogin.TokenVariable}='{RegistryToken}'\n", stdin, StringComparison.Ordinal);
        Assert.Contains($"{RegistryLogin.TokenVariable}=${RegistryLogin.TokenVariable}\n", stdin, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ssh.privateKey")]
    [InlineData("app.secret.STRIPE_KEY")]
    [InlineData("registry.token")]
    public async Task ASecretGivenInPlainTextFailsBeforeAnyResourceIsDeclared(string key)
    {
        var mocks = new StrictMocks();
        var full = $"infra:{key}";
        var secrets = Secrets(StripeValue).Where(s => s.Key != full).ToDictionary();

        var error = await Record.ExceptionAsync(() => StackRun.RunAsync(StagingWithSecretAndRegistry.With(key, "plain-text-value"), mocks, secrets));

        Assert.NotNull(error);
        Assert.Contains($"{full}: given in plain text", error.ToString(), StringComparison.Ordinal);
        Assert.Contains($"pulumi config set --secret {full}", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("plain-text-value", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, mocks.NewResourceCalls);
    }

    [Fact]
    public async Task ADeclaredAppSecretWithoutAValueFailsBeforeAnyResourceIsDeclared()
    {
        var mocks = new StrictMocks();
        var secrets = Secrets(StripeValue).Where(s => s.Key != "infra:app.secret.STRIPE_KEY").ToDictionary();

        var error = await Record.ExceptionAsync(() => StackRun.RunAsync(StagingWithSecretAndRegistry, mocks, secrets));

        Assert.NotNull(error);
        Assert.Contains("pulumi config set --secret infra:app.secret.STRIPE_KEY", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, mocks.NewResourceCalls);
    }
}
