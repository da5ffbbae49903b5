namespace Infra.Contract;

/// <summary>
/// The secrets an app declares itself (<c>infra:app.secrets</c>, e.g. <c>STRIPE_KEY</c>): each is mounted as a file
/// under <see cref="AppContract.SecretsDirectory"/> and named by a <c>NAME_FILE</c> variable, the convention of the
/// official images (<c>POSTGRES_PASSWORD_FILE</c>). The app reads the file the variable names; the value is never an
/// environment value.
/// </summary>
public static class OwnSecrets
{
    /// <summary>The variable naming the file of the secret <paramref name="name"/>: <c>STRIPE_KEY_FILE</c>.</summary>
    public static string FileVariable(string name) => name + "_FILE";

    /// <summary>
    /// The file (and Swarm secret) name of the secret <paramref name="name"/>: <c>app_secret_stripe_key</c>. The prefix
    /// keeps it apart from the platform's own secrets; names are upper-case, so lower-casing them is one-to-one.
    /// </summary>
    public static string FileName(string name) => "app_secret_" + name.ToLowerInvariant();

    /// <summary>Where the secret <paramref name="name"/> is mounted: <c>/run/secrets/app_secret_stripe_key</c>.</summary>
    public static string PathOf(string name) => AppContract.Secrets.PathOf(FileName(name));
}
