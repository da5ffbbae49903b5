namespace Infra.Blueprint.Platform;

/// <summary>A named volume mounted into a service.</summary>
/// <param name="Volume">Volume name.</param>
/// <param name="Target">Absolute path inside the container.</param>
public sealed record VolumeMount(string Volume, string Target);
