namespace Infra.Blueprint.Platform;

/// <summary>A config file mounted into a service.</summary>
/// <param name="Key">The config's symbolic key (see <see cref="ConfigFileSpec.Key"/>).</param>
/// <param name="Target">Absolute path inside the container.</param>
public sealed record ConfigMount(string Key, string Target);
