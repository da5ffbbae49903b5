using System.Text.Json;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Pulumi;

namespace Infra.Stacks;

/// <summary>
/// The stack's configuration, read once at the edge: plain values into the blueprint's <see cref="StackConfig"/>,
/// secrets only as Pulumi secret Outputs (the blueprint learns that they are set, never their values).
/// </summary>
/// <param name="Config">Plain values (arrays as JSON text) and the names of the secrets that are set.</param>
/// <param name="Secrets">The secret values that are set, by full key.</param>
/// <param name="ReleaseSource">Where this deploy's release comes from (<see cref="ReleaseHistory.SourceVariable"/>); empty when unset.</param>
/// <param name="Now">When this deploy runs, recorded with a new release.</param>
public sealed record StackInputs(StackConfig Config, IReadOnlyDictionary<string, Output<string>> Secrets, string ReleaseSource, DateTimeOffset Now)
{
    /// <summary>Reads every key of <see cref="ConfigKeys.All"/> from the running deployment's config.</summary>
    public static StackInputs Read()
    {
        var config = new Config(ConfigKeys.Namespace);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = new Dictionary<string, Output<string>>(StringComparer.Ordinal);
        var encrypted = EncryptedKeys();
        foreach (var key in ConfigKeys.All.Where(k => !k.Secret))
        {
            if (config.Get(key.Name) is { } value)
            {
                values[key.FullName] = value;
            }
        }

        // Every secret key, the app's declared ones included; one that is set but not encrypted reaches the settings as a
        // plain value (never its text), which they refuse naming the key.
        var appSecrets = values.TryGetValue(ConfigKeys.AppSecrets.FullName, out var declared) ? AppSecretNames(declared) : [];
        foreach (var key in ConfigKeys.Secrets.Concat(appSecrets.Select(ConfigKeys.AppSecret)))
        {
            if (config.GetSecret(key.Name) is { } secret)
            {
                if (encrypted is not null && !encrypted.Contains(key.FullName))
                {
                    values[key.FullName] = PlainTextMarker;
                }
                else
                {
                    secrets[key.FullName] = secret;
                }
            }
        }

        // The providers' own secrets (cloudflare:apiToken): the settings require them, and the edge update's DNS steps use the token.
        foreach (var key in ConfigKeys.ProviderSecrets)
        {
            var (space, name) = (key[..key.IndexOf(':', StringComparison.Ordinal)], key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            if (new Config(space).GetSecret(name) is { } secret)
            {
                if (encrypted is not null && !encrypted.Contains(key))
                {
                    values[key] = PlainTextMarker;
                }
                else
                {
                    secrets[key] = secret;
                }
            }
        }

        // As the provider does, the token may come from the environment instead (CI, docs/delivery.md).
        if (!secrets.ContainsKey(ConfigKeys.CloudflareApiToken) && !values.ContainsKey(ConfigKeys.CloudflareApiToken)
            && Environment.GetEnvironmentVariable(ConfigKeys.CloudflareApiTokenVariable) is { Length: > 0 } fromEnvironment)
        {
            secrets[ConfigKeys.CloudflareApiToken] = Output.CreateSecret(fromEnvironment);
        }

        return new StackInputs(
            new StackConfig(Deployment.Instance.StackName, values, secrets.Keys.ToHashSet(StringComparer.Ordinal)),
            secrets,
            Environment.GetEnvironmentVariable(ReleaseHistory.SourceVariable)?.Trim() ?? "",
            DateTimeOffset.UtcNow);
    }

    // Stands in the plain values for a secret key given in plain text: the settings refuse the key, never print this.
    private const string PlainTextMarker = "(plain text)";

    // The keys Pulumi decrypted for this run, as the language host lists them (PULUMI_CONFIG_SECRET_KEYS); null when
    // the host gives no list, and then nothing can be told about plain text here (`plan` still checks the stack file).
    private static HashSet<string>? EncryptedKeys()
    {
        var text = Environment.GetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS");
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return [.. (JsonSerializer.Deserialize<string[]>(text) ?? []).Select(CleanKey)];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Older engines spell keys "infra:config:name".
    private static string CleanKey(string key) => key.Replace(":config:", ":", StringComparison.Ordinal);

    // The declared names, as far as they read; the settings validate them and report what does not.
    private static IEnumerable<string> AppSecretNames(string json)
    {
        try
        {
            return (JsonSerializer.Deserialize<string?[]>(json) ?? []).OfType<string>().Where(n => n.Length > 0).Distinct().ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The value of a secret the settings validation has required.</summary>
    public Output<string> Secret(ConfigKey key) => Secrets[key.FullName];
}
