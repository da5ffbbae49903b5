namespace Infra.Blueprint.Settings;

/// <summary>
/// The secrets a stack's settings need set before <c>pulumi up</c>: read once, by the settings' check (a deployment)
/// and by <c>plan</c>, which runs without them and says which it could not check.
/// </summary>
public static class RequiredSecrets
{
    /// <summary>The secret keys <paramref name="values"/> (raw config, project defaults applied) make necessary.</summary>
    public static IReadOnlyList<ConfigKey> For(IReadOnlyDictionary<string, string> values)
    {
        string? Raw(ConfigKey key) => values.TryGetValue(key.FullName, out var value) ? value : null;
        var backupsEnabled = Raw(ConfigKeys.BackupsEnabled) == "true";
        return [.. ConfigKeys.Secrets.Where(key =>
            key.Name.StartsWith("backups.", StringComparison.Ordinal) ? backupsEnabled
            : key == ConfigKeys.MonitoringSlackWebhook ? !string.IsNullOrWhiteSpace(Raw(ConfigKeys.MonitoringSlackChannel))
            : key == ConfigKeys.MonitoringSmtpPassword ? !string.IsNullOrWhiteSpace(Raw(ConfigKeys.MonitoringSmtpUsername))
            : true)];
    }
}
