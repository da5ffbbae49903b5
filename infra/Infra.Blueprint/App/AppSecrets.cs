using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.Contract;

namespace Infra.Blueprint.App;

/// <summary>
/// The secrets the app declares itself (<c>infra:app.secrets</c>): each a Swarm secret whose value is the stack's
/// secret config <c>infra:app.secret.NAME</c>, mounted at <see cref="OwnSecrets.PathOf"/> and named by the variable
/// <see cref="OwnSecrets.FileVariable"/>. They are <see cref="SecretKind.StackConfig"/> secrets like the backups' keys,
/// so a new value is a new Swarm secret rolled out like any other change (docs/secrets.md).
/// </summary>
public static class AppSecrets
{
    /// <summary>The Swarm secrets, one per declared name.</summary>
    public static IReadOnlyList<SecretSpec> Specs(StackSettings settings) =>
        [.. settings.AppSecrets.Select(n => new SecretSpec(OwnSecrets.FileName(n), SecretKind.StackConfig, From: ConfigKeys.AppSecret(n).FullName))];

    /// <summary>How a process of the app's image mounts them (readable by the image's user, as the platform's app secrets).</summary>
    public static IReadOnlyList<SecretMount> Mounts(StackSettings settings) =>
        [.. settings.AppSecrets.Select(n => App.Secret(OwnSecrets.FileName(n)))];

    /// <summary>The <c>NAME_FILE</c> variables pointing at the mounted files.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Environment(StackSettings settings) =>
        settings.AppSecrets.Select(n => KeyValuePair.Create(OwnSecrets.FileVariable(n), OwnSecrets.PathOf(n)));
}
