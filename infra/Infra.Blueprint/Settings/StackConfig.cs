namespace Infra.Blueprint.Settings;

/// <summary>A stack's raw configuration, as Pulumi hands it to the program.</summary>
/// <param name="Stack">The stack name.</param>
/// <param name="Values">Plain values by full key; arrays as JSON text; project defaults applied.</param>
/// <param name="Secrets">Full keys of the secret values that are set (their values never enter the blueprint).</param>
public sealed record StackConfig(string Stack, IReadOnlyDictionary<string, string> Values, IReadOnlySet<string> Secrets)
{
    /// <summary>Reads and validates the settings; throws <see cref="SettingsException"/> listing every problem.</summary>
    /// <param name="checkSecrets">Whether missing secrets are problems (true for a deployment, false for planning).</param>
    public StackSettings ToSettings(bool checkSecrets) => SettingsReader.Read(Stack, Values, checkSecrets ? Secrets : null);
}
