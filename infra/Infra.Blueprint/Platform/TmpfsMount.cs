namespace Infra.Blueprint.Platform;

/// <summary>A tmpfs mounted into a service's task (memory, counted against its memory limit).</summary>
/// <param name="Target">Absolute path inside the container, e.g. <c>/dev/shm</c>.</param>
/// <param name="SizeMb">Size limit in MiB.</param>
/// <param name="Mode">Permission bits of the mount's root (01777 for <c>/dev/shm</c>).</param>
public sealed record TmpfsMount(string Target, int SizeMb, int Mode = 0b1_111_111_111);
