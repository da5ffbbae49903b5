using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Pulumi;

namespace Infra.Stacks;

/// <summary>
/// The stack's configuration, read once at the edge: plain values into the blueprint's <see cref="StackConfig"/>,
/// secrets only as Pulumi secret Outputs (the blueprint learns that they are set, never their values).
/// </summary>
/// <param name="Config">Plain values (arrays as JSON text) and the names of the secrets that are set.</param>
/// <param name="Secrets">The secret values that are set, by full key.</param>
/// <param name="ReleaseSource">Where this deploy's release comes from (<see cref="ReleaseHistory.SourceVariable"/>); empty when unset.</param>
/// <param name="Now">When this deploy runs, recorded with a new release.</param>
public sealed record StackInputs(StackConfig Config, IReadOnlyDictionary<string, Output<string>> Secrets, string ReleaseSource, DateTimeOffset Now)
{
    /// <summary>Reads every key of <see cref="ConfigKeys.All"/> from the running deployment's config.</summary>
    public static StackInputs Read()
    {
        var config = new Config(ConfigKeys.Namespace);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = new Dictionary<string, Output<string>>(StringComparer.Ordinal);
        foreach (var key in ConfigKeys.All)
        {
            if (key.Secret)
            {
                if (config.GetSecret(key.Name) is { } secret)
                {
                    secrets[key.FullName] = secret;
                }
            }
            else if (config.Get(key.Name) is { } value)
            {
                values[key.FullName] = value;
            }
        }

        return new StackInputs(
            new StackConfig(Deployment.Instance.StackName, values, secrets.Keys.ToHashSet(StringComparer.Ordinal)),
            secrets,
            Environment.GetEnvironmentVariable(ReleaseHistory.SourceVariable)?.Trim() ?? "",
            DateTimeOffset.UtcNow);
    }

    /// <summary>The value of a secret the settings validation has required.</summary>
    public Output<string> Secret(ConfigKey key) => Secrets[key.FullName];
}
