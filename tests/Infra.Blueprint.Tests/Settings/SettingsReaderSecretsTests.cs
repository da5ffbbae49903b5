using Infra.Blueprint.Settings;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Settings;

public sealed class SettingsReaderSecretsTests
{
    /// <summary>The platform secrets staging needs for a deployment (ssh key, backup keys), all set.</summary>
    private static readonly HashSet<string> PlatformSecrets = ["infra:ssh.privateKey", "infra:backups.s3AccessKeyId", "infra:backups.s3SecretAccessKey", "cloudflare:apiToken"];

    private static StackConfig Staging => Repository.Stack("staging");

    private static StackConfig WithStripe(StackConfig c) => c.WithList("app.secrets", "STRIPE_KEY");

    private static StackConfig WithGhcr(StackConfig c) => c.With("registry.server", "ghcr.io").With("registry.user", "acme-bot");

    /// <summary>One refused setting per case: the edit, the config path the report must name, and a word of the fix.</summary>
    public static TheoryData<string, Func<StackConfig, StackConfig>, string, string> Refused => new()
    {
        { "secret name lower-case", c => c.WithList("app.secrets", "stripe_key"), "infra:app.secrets[0]", "upper-case letters" },
        { "secret whose _FILE variable the platform sets", c => c.WithList("app.secrets", "POSTGRES_PASSWORD"), "infra:app.secrets[0]", "collides with a variable the platform sets" },
        { "secret declared twice", c => c.WithList("app.secrets", "STRIPE_KEY", "STRIPE_KEY"), "infra:app.secrets[1]", "declared twice" },
        { "secret also set as an environment value", c => WithStripe(c).WithList("app.environment", "STRIPE_KEY_FILE=/tmp/key"), "infra:app.environment", "remove it from infra:app.environment" },
        { "ssh key in plain text", c => c.With("ssh.privateKey", "-----BEGIN OPENSSH PRIVATE KEY-----"), "infra:ssh.privateKey", "pulumi config set --secret infra:ssh.privateKey" },
        { "backup key in plain text", c => c.With("backups.s3SecretAccessKey", "abc"), "infra:backups.s3SecretAccessKey", "pulumi config set --secret infra:backups.s3SecretAccessKey" },
        { "slack webhook in plain text", c => c.With("monitoring.slackWebhook", "https://hooks.slack.com/services/T/B/x"), "infra:monitoring.slackWebhook", "pulumi config set --secret" },
        { "cloudflare token in plain text", c => c.With("cloudflare:apiToken", "abc"), "cloudflare:apiToken", "pulumi config set --secret cloudflare:apiToken" },
        { "registry token in plain text", c => WithGhcr(c).With("registry.token", "ghp_x"), "infra:registry.token", "pulumi config set --secret infra:registry.token" },
        { "app secret in plain text", c => WithStripe(c).With("app.secret.STRIPE_KEY", "sk_live_x"), "infra:app.secret.STRIPE_KEY", "pulumi config set --secret infra:app.secret.STRIPE_KEY" },
        { "value of an undeclared app secret", c => WithStripe(c).With("app.secret.STRIPE_KYE", "x"), "infra:app.secret.STRIPE_KYE", "add it to infra:app.secrets" },
        { "environment value with a password in a URL", c => c.WithList("app.environment", "UPSTREAM_URL=https://app:hunter2@api.example.com/v1"), "infra:app.environment[0]", "a URL with a password" },
        { "environment value that is a Stripe key", c => c.WithList("app.environment", "STRIPE=sk_live_4eC39HqLyjWDarjtT1zdp7dc"), "infra:app.environment[0]", "pulumi config set --secret infra:app.secret.STRIPE" },
        { "environment value that is a GitHub token", c => c.WithList("app.environment", "GH=ghp_16C7e42F292c6912E7710c838347Ae178B4a"), "infra:app.environment[0]", "an API key" },
        { "environment value that is a PEM key", c => c.WithList("app.environment", "CERT=-----BEGIN PRIVATE KEY-----"), "infra:app.environment[0]", "a PEM key" },
        { "environment value that is a JWT", c => c.WithList("app.environment", "SESSION=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig"), "infra:app.environment[0]", "a JSON Web Token" },
        { "registry with a scheme", c => WithGhcr(c).With("registry.server", "https://ghcr.io"), "infra:registry.server", "without scheme or path" },
        { "registry user without a server", c => c.With("registry.user", "acme-bot"), "infra:registry.user", "set infra:registry.server" },
        { "registry without a user", c => WithGhcr(c).With("registry.user", null), "infra:registry.user", "pulumi config set infra:registry.user" },
        { "registry that is not the image's", c => WithGhcr(c).With("registry.server", "registry.example.com"), "infra:registry.server", "not the registry of infra:app.image (ghcr.io)" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void ASecretOrRegistryProblemIsRefusedWithThePathAndTheFix(string problem, Func<StackConfig, StackConfig> edit, string path, string fix)
    {
        var config = edit(Staging);

        var (settings, errors) = SettingsReader.TryRead(config.Stack, config.Values);

        Assert.Null(settings);
        Assert.True(
            errors.Any(e => e.Path == path && e.Message.Contains(fix, StringComparison.Ordinal)),
            $"{problem}: expected an error at {path} mentioning \"{fix}\"; got:\n  {string.Join("\n  ", errors)}");
    }

    [Fact]
    public void APlainTextSecretInTheStackFileIsRefusedWithoutEchoingIt()
    {
        var stackFile = File.ReadAllText(Repository.PathOf("Pulumi.staging.yaml")) + "  infra:ssh.privateKey: hunter2-plain\n  cloudflare:apiToken:\n    secure: v1:AAAA\n";
        var config = StackFiles.Parse("staging", File.ReadAllText(Repository.PathOf("Pulumi.yaml")), stackFile);

        var exception = Assert.Throws<SettingsException>(() => config.ToSettings(checkSecrets: false));

        Assert.Equal(["infra:ssh.privateKey"], exception.Errors.Select(e => e.Path));
        Assert.DoesNotContain("hunter2", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADeploymentNeedsEachDeclaredAppSecretAndTheRegistryToken()
    {
        var config = WithGhcr(WithStripe(Staging)).WithList("app.secrets", "STRIPE_KEY", "JWT_SIGNING_KEY");

        var (_, errors) = SettingsReader.TryRead(config.Stack, config.Values, new HashSet<string>(PlatformSecrets) { "infra:app.secret.JWT_SIGNING_KEY" });

        Assert.Equal(["infra:registry.token", "infra:app.secret.STRIPE_KEY"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Contains($"pulumi config set --secret {e.Path}", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void AnUndeclaredAppSecretValueIsRefusedAtDeployment()
    {
        var (_, errors) = SettingsReader.TryRead("staging", Staging.Values, new HashSet<string>(PlatformSecrets) { "infra:app.secret.STRIPE_KEY" });

        Assert.Equal("infra:app.secret.STRIPE_KEY", Assert.Single(errors).Path);
    }

    [Fact]
    public void PlanningOfflineListsTheSecretsItCouldNotCheck()
    {
        var settings = WithGhcr(WithStripe(Staging)).ToSettings(checkSecrets: false);

        Assert.Equal(
            ["infra:ssh.privateKey", "infra:registry.token", "infra:backups.s3AccessKeyId", "infra:backups.s3SecretAccessKey", "cloudflare:apiToken", "infra:app.secret.STRIPE_KEY"],
            settings.RequiredSecrets);
    }

    [Theory]
    [InlineData("SENTRY_DSN=https://examplePublicKey@o0.ingest.sentry.io/0")]
    [InlineData("API_BASE_URL=https://api.example.com/v1?region=eu")]
    [InlineData("FEATURE_FLAGS=skip_live_checks,new_ui")]
    [InlineData("STRIPE_PUBLISHABLE=pk_live_51H8abcdefghij")]
    public void PlainSettingsThatAreNotCredentialsAreAccepted(string entry)
    {
        var config = Staging.WithList("app.environment", entry);

        var (settings, errors) = SettingsReader.TryRead(config.Stack, config.Values);

        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.Equal(entry[(entry.IndexOf('=') + 1)..], settings!.App.Environment[entry[..entry.IndexOf('=')]]);
    }

    [Theory]
    [InlineData("ghcr.io/acme/app", "ghcr.io")]
    [InlineData("registry.example.com:5000/app", "registry.example.com:5000")]
    [InlineData("localhost/app", "localhost")]
    [InlineData("acme/app", "docker.io")]
    [InlineData("app", "docker.io")]
    public void TheRegistryOfAnImageIsReadAsDockerReadsIt(string repository, string registry) =>
        Assert.Equal(registry, RegistrySettings.RegistryOf(repository));
}
