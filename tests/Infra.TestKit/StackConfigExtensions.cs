using Infra.Blueprint.Settings;

namespace Infra.TestKit;

/// <summary>Edits of a stack config for tests: one change per case, everything else as shipped.</summary>
public static class StackConfigExtensions
{
    /// <summary>The config with <paramref name="key"/> (without namespace) set to <paramref name="value"/>, or removed when null.</summary>
    public static StackConfig With(this StackConfig config, string key, string? value)
    {
        var values = new Dictionary<string, string>(config.Values);
        var full = key.Contains(':') ? key : $"{ConfigKeys.Namespace}:{key}";
        if (value is null)
        {
            values.Remove(full);
        }
        else
        {
            values[full] = value;
        }

        return config with { Values = values };
    }

    /// <summary>The config with an array key set to the given items (encoded as Pulumi does, as JSON).</summary>
    public static StackConfig WithList(this StackConfig config, string key, params string[] items) =>
        config.With(key, System.Text.Json.JsonSerializer.Serialize(items));
}
