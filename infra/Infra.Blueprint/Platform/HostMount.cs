namespace Infra.Blueprint.Platform;

/// <summary>A path of the node bind-mounted into a service's task.</summary>
/// <param name="Source">Absolute path on the node.</param>
/// <param name="Target">Absolute path inside the container.</param>
/// <param name="ReadOnly">Mounted read-only (every agent only reads the node).</param>
public sealed record HostMount(string Source, string Target, bool ReadOnly = true);
