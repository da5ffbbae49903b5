using Infra.Blueprint.Settings;

namespace Infra.Cli;

/// <summary>
/// What <c>plan</c> could not check, said after every plan: it runs without credentials, so it validates the stack
/// file but neither decrypts secrets nor talks to Pulumi, Cloudflare or the hosts. The README and docs/config.md
/// point here instead of claiming plan's validation is the deployment's.
/// </summary>
public static class PlanLimits
{
    /// <summary>
    /// The lines naming each check left to <c>pulumi up</c>, for <paramref name="config"/> and the secrets its settings
    /// need (<see cref="StackSettings.RequiredSecrets"/>: the platform's, the registry token, the app's declared ones).
    /// </summary>
    public static string Describe(StackConfig config, IReadOnlyList<string> requiredSecrets)
    {
        var lines = new List<string> { "not checked by plan (it runs without credentials); pulumi up checks these before it declares anything:" };
        foreach (var key in requiredSecrets)
        {
            lines.Add(config.Secrets.Contains(key)
                ? $"  {key}: set as a secret; its value is not decrypted here"
                : $"  {key}: not set yet; pulumi config set --secret {key} <value> --stack {config.Stack}");
        }

        if (config.Values.TryGetValue(ConfigKeys.AppPromoteFrom.FullName, out var source) && !string.IsNullOrWhiteSpace(source))
        {
            lines.Add($"  {ConfigKeys.AppPromoteFrom.FullName}: the image must be {source}'s appImage output (or one in this stack's release history)");
        }

        lines.Add("and only while it creates them: SSH to each host and its host key, the Cloudflare token's permissions and the zone id.");
        return string.Join(Environment.NewLine, lines);
    }
}
