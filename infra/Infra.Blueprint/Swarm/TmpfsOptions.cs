namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>TmpfsOptions</c>.</summary>
/// <param name="SizeBytes">Size limit in bytes.</param>
/// <param name="Mode">Permission bits of the mount's root, e.g. <c>01777</c> for <c>/dev/shm</c>.</param>
public sealed record TmpfsOptions(long SizeBytes, int Mode);
