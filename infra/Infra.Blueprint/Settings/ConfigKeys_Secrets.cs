namespace Infra.Blueprint.Settings;

// The secret keys that are not a fixed entry of All: the app's own secrets (one key per declared name) and the
// providers' secret keys the program depends on. With ConfigKeys.Secrets they are every key whose value must be secure.
public static partial class ConfigKeys
{
    /// <summary>What precedes a declared app secret's name in its key: <c>infra:app.secret.STRIPE_KEY</c>.</summary>
    public const string AppSecretPrefix = "app.secret.";

    /// <summary>
    /// The key holding the value of the app secret <paramref name="name"/> (declared in <see cref="AppSecrets"/>):
    /// <c>infra:app.secret.NAME</c>, set with <c>pulumi config set --secret</c>.
    /// </summary>
    public static ConfigKey AppSecret(string name) => new(AppSecretPrefix + name, ConfigType.String, Secret: true);

    /// <summary>Secret keys of the providers' namespaces; a plain value there is refused like one of Infra's own.</summary>
    public static IReadOnlyList<string> ProviderSecrets { get; } = [CloudflareApiToken];

    /// <summary>The Cloudflare provider's API token: DNS records, zone settings, origin certificates, and the edge update's DNS steps.</summary>
    public const string CloudflareApiToken = "cloudflare:apiToken";

    /// <summary>Where the Cloudflare provider also takes its token from when <see cref="CloudflareApiToken"/> is not set (CI).</summary>
    public const string CloudflareApiTokenVariable = "CLOUDFLARE_API_TOKEN";
}
