using Infra.Blueprint.Platform;

namespace Infra.Components.Platform;

/// <summary>Inputs of <see cref="Networks"/>.</summary>
public sealed class NetworksArgs
{
    /// <summary>The overlay networks as planned.</summary>
    public required IReadOnlyList<NetworkSpec> Specs { get; init; }
}
