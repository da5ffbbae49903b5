namespace Infra.Blueprint.Settings;

/// <summary>
/// The config namespaces a stack uses besides its own keys' checks: <c>infra:</c> (read by the settings) and
/// <c>cloudflare:</c> (read by the Cloudflare provider). A key that is one slip away from one of their keys —
/// a namespace misspelt (<c>infa:domain</c>), a provider key's case (<c>cloudflare:apitoken</c>), an
/// <c>infra:</c> secret no setting reads — would be ignored by everything that reads config, so it is a warning
/// with the key meant. Namespaces nowhere near these (another provider's, <c>pulumi:</c>) pass untouched.
/// </summary>
public static class ConfigNamespaces
{
    /// <summary>The Cloudflare provider's namespace.</summary>
    public const string Cloudflare = "cloudflare";

    /// <summary>The keys the pinned Cloudflare provider reads from its namespace.</summary>
    public static IReadOnlyList<string> CloudflareKeys { get; } =
        [.. new[] { "apiToken", "apiKey", "email", "apiUserServiceKey", "baseUrl", "userAgentOperatorSuffix" }.Select(k => $"{Cloudflare}:{k}")];

    /// <summary>Most edits a namespace may be away from a known one to count as a slip.</summary>
    private const int NamespaceEdits = 2;

    /// <summary>One line per key that looks meant for a known key but is not it, naming the key to write instead.</summary>
    public static IReadOnlyList<string> Warnings(StackConfig config)
    {
        var infraKeys = ConfigKeys.All.Select(k => k.FullName).ToList();
        var file = $"Pulumi.{config.Stack}.yaml";
        var warnings = new List<string>();
        foreach (var key in config.Values.Keys.Concat(config.Secrets).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var separator = key.IndexOf(':', StringComparison.Ordinal);
            var space = separator < 0 ? "" : key[..separator];
            var (known, reader) = space switch
            {
                ConfigKeys.Namespace => (infraKeys, "Infra"),
                Cloudflare => (CloudflareKeys, "the Cloudflare provider"),
                _ when separator < 0 => (infraKeys.Concat(CloudflareKeys).ToList(), "anything (a key without a namespace)"),
                _ when Spelling.Distance(space, ConfigKeys.Namespace) <= NamespaceEdits => (infraKeys, $"anything (no namespace '{space}')"),
                _ when Spelling.Distance(space, Cloudflare) <= NamespaceEdits => (CloudflareKeys, $"anything (no namespace '{space}')"),
                _ => (null, ""),
            };

            // Plain infra: keys are already errors of the settings (SettingsReader); their secrets are not read there,
            // except the app's (infra:app.secret.NAME), which the settings check against infra:app.secrets.
            if (known is null || known.Contains(key) || (space == ConfigKeys.Namespace && config.Values.ContainsKey(key))
                || key.StartsWith($"{ConfigKeys.Namespace}:{ConfigKeys.AppSecretPrefix}", StringComparison.Ordinal))
            {
                continue;
            }

            var meant = Spelling.Closest(key, known) ?? Spelling.Closest(separator < 0 ? $"{ConfigKeys.Namespace}:{key}" : key, known);
            var hint = meant is null ? "see docs/config.md for the keys a stack sets" : $"did you mean '{meant}'?";
            warnings.Add($"{file}: '{key}' is not read by {reader}; {hint}");
        }

        return warnings;
    }
}
