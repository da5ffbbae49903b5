namespace Infra.Blueprint.Platform;

/// <summary>A named Docker volume on one host.</summary>
/// <param name="Name">Volume name.</param>
/// <param name="Host">The host it lives on; services mounting it are pinned there.</param>
/// <param name="Stateful">Holds data that cannot be rebuilt; protected from deletion in production.</param>
/// <param name="Protected">Whether <c>pulumi destroy</c> must refuse to delete it (and the provider retains it).</param>
/// <param name="PerNode">
/// Not data but a rendezvous between the tasks of two global services on the same node (a unix socket): Docker
/// creates the local volume on each node where a task mounts it, so <paramref name="Host"/> is empty and nothing is pinned.
/// </param>
public sealed record VolumeSpec(string Name, string Host, bool Stateful, bool Protected, bool PerNode = false);
