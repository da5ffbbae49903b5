namespace Infra.Blueprint.Platform;

/// <summary>A named volume mounted into a service.</summary>
/// <param name="Volume">Volume name.</param>
/// <param name="Target">Absolute path inside the container.</param>
/// <param name="ReadOnly">Mounted read-only (the backup reads Redis's volume, never writes it).</param>
public sealed record VolumeMount(string Volume, string Target, bool ReadOnly = false);
