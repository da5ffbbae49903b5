using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Platform;

/// <summary>
/// The login a service's or job's image is pulled with: the private registry of <c>infra:registry.*</c>, its token
/// by config key (the value exists only in Pulumi, as a secret). The Pulumi layer hands it to the service's
/// <c>auth</c>; a job's script runs <c>docker login</c> with it and creates its service <c>--with-registry-auth</c>.
/// </summary>
/// <param name="Server">Registry host (and port), as in the image reference.</param>
/// <param name="User">The user the token belongs to.</param>
/// <param name="TokenKey">The full config key of the token: <c>infra:registry.token</c>.</param>
public sealed record RegistryLogin(string Server, string User, string TokenKey)
{
    /// <summary>The environment variable a job's script reads the token from (the Pulumi layer exports it on stdin).</summary>
    public const string TokenVariable = "REGISTRY_TOKEN";

    /// <summary>The login for <paramref name="image"/>: the stack's registry when the image is pulled from it, else null (a public image).</summary>
    public static RegistryLogin? For(StackSettings settings, string image) =>
        settings.Registry.Enabled && RegistrySettings.RegistryOf(image) == settings.Registry.Server
            ? new RegistryLogin(settings.Registry.Server, settings.Registry.User, ConfigKeys.RegistryToken.FullName)
            : null;
}
