namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>File</c> of a secret or config reference.</summary>
/// <param name="Name">File name under <c>/run/secrets/</c> (secrets) or absolute path (configs).</param>
/// <param name="UID">Owner uid, as a string ("0" for root).</param>
/// <param name="GID">Owner gid, as a string.</param>
/// <param name="Mode">Permission bits (e.g. 0440 octal = 288).</param>
public sealed record FileTarget(string Name, string UID, string GID, int Mode);
