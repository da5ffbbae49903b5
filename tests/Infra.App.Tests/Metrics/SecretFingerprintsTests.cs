using Infra.App.Settings;
using Infra.App.Tests.Fixtures;
using Infra.Contract;

namespace Infra.App.Tests.Metrics;

/// <summary><c>app_secret_info</c>: which value of each secret file the replica read, and nothing of the value.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SecretFingerprintsTests(Platform platform)
{
    [Fact]
    public async Task EverySecretFileIsReportedByItsKeyedFingerprintNeverByItsValue()
    {
        var own = platform.SecretPath("app_secret_rotation_probe");
        var value = $"sk_test_{Guid.NewGuid():N}";
        await File.WriteAllTextAsync(own, value + "\n");
        await using var app = await platform.StartAppAsync(configure: e => e[OwnSecrets.FileVariable("ROTATION_PROBE")] = own);

        var text = await (await app.MetricsClient.GetAsync(AppContract.Paths.Metrics)).Content.ReadAsStringAsync();
        var key = SecretFile.Read(platform.SecretPath(AppContract.Secrets.SigningKey));

        foreach (var (name, secret) in new[] { ("ROTATION_PROBE", value), ("POSTGRES_PASSWORD", SecretFile.Read(platform.SecretPath(AppContract.Secrets.PostgresPassword))) })
        {
            var sample = $"{AppContract.Metrics.SecretInfo}{{name=\"{name}\",fingerprint=\"{SecretFingerprint.Of(key, secret)}\"}} 1";
            Assert.True(text.Contains(sample, StringComparison.Ordinal), $"/metrics lacks '{sample}':\n{string.Join('\n', text.Split('\n').Where(l => l.StartsWith(AppContract.Metrics.SecretInfo, StringComparison.Ordinal)))}");
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"/metrics shows the value of {name}");
        }
    }
}
