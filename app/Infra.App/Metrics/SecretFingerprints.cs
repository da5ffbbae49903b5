using System.Collections;
using Infra.App.Settings;
using Infra.Contract;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Infra.App.Metrics;

/// <summary>
/// <c>app_secret_info{name, fingerprint} 1</c> for every secret file this process read at start: each <c>*_FILE</c>
/// variable whose file it can read, the platform's (<c>POSTGRES_PASSWORD_FILE</c>) and the app's own
/// (<c>STRIPE_KEY_FILE</c>). The fingerprint is keyed with the signing key (<see cref="SecretFingerprint"/>), so it tells
/// which value a replica holds (did a rotation reach it?) and shows nothing of the value.
/// </summary>
internal static class SecretFingerprints
{
    public static void Register(CollectorRegistry registry, IOptions<AppOptions> settings)
    {
        // The registry is built while the pipeline is (MapMetrics), before start-up reports invalid settings in one
        // message each (StartupErrors): with invalid settings there is nothing to fingerprint, and start-up fails there.
        AppOptions options;
        try
        {
            options = settings.Value;
        }
        catch (OptionsValidationException)
        {
            return;
        }

        if (!File.Exists(options.SigningKeyFile))
        {
            // Start-up refuses a missing signing key (AppOptions); nothing to key the fingerprints with until then.
            return;
        }

        var key = SecretFile.Read(options.SigningKeyFile);
        var gauge = Prometheus.Metrics.WithCustomRegistry(registry)
            .CreateGauge(AppContract.Metrics.SecretInfo, "Which value of each secret file this process read at start (an HMAC keyed with the signing key); always 1.", "name", "fingerprint");
        var variables = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(e => ((string)e.Key, (string?)e.Value))
            .Where(e => e.Item1.EndsWith(SecretFingerprint.FileSuffix, StringComparison.Ordinal) && e.Item2 is { Length: > 0 })
            .OrderBy(e => e.Item1, StringComparer.Ordinal);
        foreach (var (variable, path) in variables)
        {
            if (Readable(path!) is { } value)
            {
                gauge.WithLabels(SecretFingerprint.NameOf(variable), SecretFingerprint.Of(key, value)).Set(1);
            }
        }
    }

    private static string? Readable(string path)
    {
        try
        {
            return SecretFile.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
