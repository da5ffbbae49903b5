using Infra.Blueprint.Platform;

namespace Infra.Components.Platform;

/// <summary>Inputs of <see cref="Buckets"/>.</summary>
public sealed class BucketsArgs
{
    /// <summary>The buckets as planned.</summary>
    public required IReadOnlyList<BucketSpec> Specs { get; init; }
}
