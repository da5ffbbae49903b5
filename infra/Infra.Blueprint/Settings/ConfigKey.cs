namespace Infra.Blueprint.Settings;

/// <summary>The type of a config value, as Pulumi's project config schema spells it.</summary>
public enum ConfigType
{
    /// <summary><c>string</c></summary>
    String,

    /// <summary><c>integer</c></summary>
    Integer,

    /// <summary><c>boolean</c></summary>
    Boolean,

    /// <summary><c>array</c> of strings</summary>
    StringArray,
}

/// <summary>A config key of the <c>infra</c> namespace.</summary>
/// <param name="Name">The key without namespace, e.g. <c>app.replicas</c>.</param>
/// <param name="Type">The value's type.</param>
/// <param name="Secret">Whether the value must be set with <c>pulumi config set --secret</c>.</param>
public sealed record ConfigKey(string Name, ConfigType Type, bool Secret = false)
{
    /// <summary>The key with its namespace, as written in stack files: <c>infra:app.replicas</c>.</summary>
    public string FullName => $"{ConfigKeys.Namespace}:{Name}";

    /// <inheritdoc />
    public override string ToString() => FullName;
}
