using Infra.Blueprint.Settings;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Settings;

public sealed class ConfigNamespacesTests
{
    private static StackConfig WithSecret(StackConfig config, string key) =>
        config with { Secrets = new HashSet<string>(config.Secrets) { key } };

    [Theory]
    [InlineData("cloudflare:apitoken", "did you mean 'cloudflare:apiToken'?")]
    [InlineData("cloudflar:apiToken", "did you mean 'cloudflare:apiToken'?")]
    [InlineData("infa:domain", "did you mean 'infra:domain'?")]
    [InlineData("domain", "did you mean 'infra:domain'?")]
    [InlineData("infra:ssh.privatekey", "did you mean 'infra:ssh.privateKey'?")]
    public void AKeyOneSlipFromAKnownOneWarnsWithTheKeyMeant(string key, string hint)
    {
        var warning = Assert.Single(ConfigNamespaces.Warnings(WithSecret(Repository.Stack("staging"), key)));

        Assert.StartsWith($"Pulumi.staging.yaml: '{key}' is not read by ", warning);
        Assert.EndsWith(hint, warning);
    }

    [Theory]
    [InlineData("cloudflare:apiToken")]
    [InlineData("pulumi:tags")]
    [InlineData("aws:region")]
    [InlineData("infra:app.secret.STRIPE_KEY")]
    public void KnownKeysAndOtherNamespacesPassWithoutAWarning(string key)
    {
        Assert.Empty(ConfigNamespaces.Warnings(WithSecret(Repository.Stack("staging"), key)));
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public void TheShippedStacksHaveNoWarnings(string stack) => Assert.Empty(ConfigNamespaces.Warnings(Repository.Stack(stack)));
}
