using System.Text.RegularExpressions;
using Infra.Contract;

namespace Infra.Blueprint.Settings;

// Every key whose value is a credential, by one rule: it must be encrypted in the stack file (Pulumi's `secure:`),
// and, for a deployment, set. The platform's own (ConfigKeys.Secrets), the app's declared ones (infra:app.secret.NAME)
// and the providers' (cloudflare:apiToken) alike. Also the app's secret names and the private registry.
public sealed partial class SettingsReader
{
    private IReadOnlyList<string> ReadAppSecrets()
    {
        var key = ConfigKeys.AppSecrets;
        var names = List(key);
        var result = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            var path = $"{key.FullName}[{i}]";
            var name = names[i];
            if (!AppSecretNamePattern().IsMatch(name))
            {
                Error(path, $"'{name}' is not a secret name; use upper-case letters, digits and '_', starting with a letter, e.g. STRIPE_KEY");
            }
            else if (AppContract.Env.All.Contains(name) || AppContract.Env.All.Contains(OwnSecrets.FileVariable(name)))
            {
                Error(path, $"{name} collides with a variable the platform sets (see app/CONTRACT.md); choose another name");
            }
            else if (result.Contains(name))
            {
                Error(path, $"{name} is declared twice; keep one entry");
            }
            else
            {
                result.Add(name);
            }
        }

        return result;
    }

    private RegistrySettings ReadRegistry()
    {
        var server = Text(ConfigKeys.RegistryServer, required: false);
        var user = Text(ConfigKeys.RegistryUser, required: false);
        if (server.Length == 0)
        {
            if (user.Length > 0)
            {
                Error(ConfigKeys.RegistryUser.FullName, $"a registry user without a server; set {ConfigKeys.RegistryServer.FullName} (e.g. ghcr.io) or remove the user");
            }

            return RegistrySettings.None;
        }

        if (!RegistryServerPattern().IsMatch(server))
        {
            Error(ConfigKeys.RegistryServer.FullName, $"'{server}' is not a registry host; write the host (and port) as in the image reference, without scheme or path: ghcr.io, docker.io, registry.example.com:5000");
        }

        if (user.Length == 0)
        {
            Error(ConfigKeys.RegistryUser.FullName, $"missing; the registry {server} needs the user its token belongs to: pulumi config set {ConfigKeys.RegistryUser.FullName} <user>");
        }

        return new RegistrySettings(server, user);
    }

    // After every key was read: the rules relating the app's secrets and registry to the rest, then the secret values.
    private StackSettings CheckSecretSettings(StackSettings s)
    {
        foreach (var name in s.AppSecrets)
        {
            if (s.App.Environment.ContainsKey(name) || s.App.Environment.ContainsKey(OwnSecrets.FileVariable(name)))
            {
                Error(ConfigKeys.AppEnvironment.FullName, $"{name} is a declared secret (infra:app.secrets); the platform sets {OwnSecrets.FileVariable(name)}: remove it from {ConfigKeys.AppEnvironment.FullName}");
            }
        }

        if (s.Registry.Enabled && s.App.Image.Repository != "invalid" && RegistrySettings.RegistryOf(s.App.Image.Repository) != s.Registry.Server)
        {
            Error(ConfigKeys.RegistryServer.FullName, $"'{s.Registry.Server}' is not the registry of infra:app.image ({RegistrySettings.RegistryOf(s.App.Image.Repository)}); the login would not apply to its pulls: set the image's registry here");
        }

        var required = RequiredSecrets(s);
        var declared = s.AppSecrets.Select(n => ConfigKeys.AppSecret(n).FullName).ToHashSet(StringComparer.Ordinal);
        var appSecretKeys = _values.Keys.Concat(_presentSecrets ?? new HashSet<string>())
            .Where(k => k.StartsWith(ConfigKeys.Namespace + ":" + ConfigKeys.AppSecretPrefix, StringComparison.Ordinal))
            .Distinct().Order(StringComparer.Ordinal);
        foreach (var key in appSecretKeys.Where(k => !declared.Contains(k)))
        {
            var name = key[(ConfigKeys.Namespace.Length + 1 + ConfigKeys.AppSecretPrefix.Length)..];
            Error(key, $"{name} is not declared; add it to {ConfigKeys.AppSecrets.FullName} or remove this key");
        }

        var secretKeys = ConfigKeys.Secrets.Select(k => k.FullName).Concat(ConfigKeys.ProviderSecrets).Concat(appSecretKeys);
        foreach (var key in secretKeys.Where(_values.ContainsKey))
        {
            Error(key, $"given in plain text in the stack file; a credential must be encrypted: remove the line and set it with: pulumi config set --secret {key} <value>");
        }

        foreach (var key in required.Where(k => _presentSecrets is not null && !_presentSecrets.Contains(k) && !_values.ContainsKey(k)))
        {
            Error(key, $"missing secret; set it with: pulumi config set --secret {key} <value>{(key == ConfigKeys.CloudflareApiToken ? $" (or export {ConfigKeys.CloudflareApiTokenVariable} where pulumi up runs)" : "")}");
        }

        return s with { RequiredSecrets = required };
    }

    // The secrets this stack's settings need, in the order of ConfigKeys.All, then the providers', the app's after.
    private IReadOnlyList<string> RequiredSecrets(StackSettings s)
    {
        var keys = new List<string>();
        foreach (var key in ConfigKeys.Secrets)
        {
            var needed = key.Name.StartsWith("backups.", StringComparison.Ordinal) ? s.Backups.Enabled
                : key == ConfigKeys.MonitoringSlackWebhook ? !string.IsNullOrWhiteSpace(Raw(ConfigKeys.MonitoringSlackChannel))
                : key == ConfigKeys.MonitoringSmtpPassword ? !string.IsNullOrWhiteSpace(Raw(ConfigKeys.MonitoringSmtpUsername))
                : key == ConfigKeys.RegistryToken ? s.Registry.Enabled
                : true;
            if (needed)
            {
                keys.Add(key.FullName);
            }
        }

        // The provider's token: Cloudflare's records and zone settings, and the edge update's DNS steps.
        keys.AddRange(ConfigKeys.ProviderSecrets);
        keys.AddRange(s.AppSecrets.Select(n => ConfigKeys.AppSecret(n).FullName));
        return keys;
    }

    // What a credential looks like when it is pasted as a plain value: the prefixes the big issuers put on their keys,
    // a PEM block, a JWT, a URL with a password in it. Returns what it looks like, or null.
    internal static string? CredentialLike(string value) => value switch
    {
        _ when value.Contains("-----BEGIN", StringComparison.Ordinal) => "a PEM key or certificate",
        _ when PasswordUrlPattern().IsMatch(value) => "a URL with a password in it",
        _ when JwtPattern().IsMatch(value) => "a JSON Web Token",
        _ when TokenPrefixPattern().IsMatch(value) => "an API key",
        _ => null,
    };

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,62}$")]
    private static partial Regex AppSecretNamePattern();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$")]
    private static partial Regex RegistryServerPattern();

    [GeneratedRegex(@"[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@")]
    private static partial Regex PasswordUrlPattern();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.")]
    private static partial Regex JwtPattern();

    // Stripe (sk_/rk_ live or test), GitHub (ghp_, gho_, ghs_, github_pat_), Slack (xoxb-…), AWS (AKIA…), Google (AIza…), Resend (re_…), SendGrid (SG.…).
    [GeneratedRegex(@"(^|[^A-Za-z0-9])((sk|rk)_(live|test)_[A-Za-z0-9]{8,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{30,}|re_[A-Za-z0-9]{8,}_[A-Za-z0-9]{8,}|SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,})")]
    private static partial Regex TokenPrefixPattern();
}
