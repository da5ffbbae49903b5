namespace Infra.Blueprint.Settings;

/// <summary>
/// The private registry the app's image is pulled from. Its token is the secret <c>infra:registry.token</c>, read only
/// by the Pulumi program; the blueprint knows the server and user.
/// </summary>
/// <param name="Server">Registry host (and port), as in the image reference: <c>ghcr.io</c>, <c>docker.io</c>, <c>registry.example.com:5000</c>; empty for a public image.</param>
/// <param name="User">The user the token belongs to.</param>
public sealed record RegistrySettings(string Server, string User)
{
    /// <summary>No registry login: the image is public.</summary>
    public static RegistrySettings None { get; } = new("", "");

    /// <summary>Whether pulls log in.</summary>
    public bool Enabled => Server.Length > 0;

    /// <summary>
    /// The registry an image repository is pulled from, as Docker reads it: the first component when it names a host
    /// (has a '.' or a ':', or is <c>localhost</c>), else Docker Hub, <c>docker.io</c>.
    /// </summary>
    public static string RegistryOf(string repository)
    {
        var first = repository.Split('/')[0];
        return repository.Contains('/') && (first.Contains('.') || first.Contains(':') || first == "localhost") ? first : "docker.io";
    }
}
