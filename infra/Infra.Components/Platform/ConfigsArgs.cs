using Infra.Blueprint.Platform;
using Pulumi;

namespace Infra.Components.Platform;

/// <summary>Inputs of <see cref="Configs"/>.</summary>
public sealed class ConfigsArgs
{
    /// <summary>The rendered config files as planned (content known now, name carries its hash).</summary>
    public required IReadOnlyList<ConfigFileSpec> Specs { get; init; }

    /// <summary>Config files whose content another resource produces (e.g. the origin certificate), by key.</summary>
    public IReadOnlyDictionary<string, Output<string>> Produced { get; init; } = new Dictionary<string, Output<string>>();
}
