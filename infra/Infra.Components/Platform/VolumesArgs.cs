using Infra.Blueprint.Platform;
using Pulumi;

namespace Infra.Components.Platform;

/// <summary>Inputs of <see cref="Volumes"/>.</summary>
public sealed class VolumesArgs
{
    /// <summary>The named volumes as planned, each on one host or per node.</summary>
    public required IReadOnlyList<VolumeSpec> Specs { get; init; }

    /// <summary>The Docker provider of each host by host name: a local volume lives on the node whose daemon creates it.</summary>
    public required IReadOnlyDictionary<string, ProviderResource> NodeProviders { get; init; }
}
