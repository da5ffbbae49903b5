namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>Mount</c>.</summary>
/// <param name="Type"><c>volume</c>, <c>bind</c> or <c>tmpfs</c>.</param>
/// <param name="Source">The volume name or the node's path; null for tmpfs.</param>
/// <param name="Target">Absolute path inside the container.</param>
/// <param name="ReadOnly">Mounted read-only.</param>
/// <param name="TmpfsOptions">Size and mode of a tmpfs mount; null otherwise.</param>
public sealed record Mount(string Type, string? Source, string Target, bool ReadOnly, TmpfsOptions? TmpfsOptions = null);
