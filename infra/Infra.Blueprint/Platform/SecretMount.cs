namespace Infra.Blueprint.Platform;

/// <summary>
/// A secret mounted into a service at <c>/run/secrets/{FileName}</c>. By default the file is owner-only (0400) and
/// its group is root's: a group may read it only when the plan names that group (<paramref name="Gid"/>) and grants
/// it in <paramref name="Mode"/>, never by accident because some group happens to share the owner's number.
/// </summary>
/// <param name="Secret">The secret's symbolic name.</param>
/// <param name="FileName">File name under <c>/run/secrets/</c>.</param>
/// <param name="Uid">Owner uid of the file ("0" for root).</param>
/// <param name="Mode">File mode, octal; <see cref="OwnerOnly"/> unless a group (or everyone) is planned.</param>
/// <param name="Gid">Group of the file; "0" (root) unless a group that must read it is planned.</param>
public sealed record SecretMount(string Secret, string FileName, string Uid = "0", int Mode = SecretMount.OwnerOnly, string Gid = "0")
{
    /// <summary>0400: the owner reads the file, nobody else.</summary>
    public const int OwnerOnly = 0b100_000_000;

    /// <summary>Whether the mode lets a group or everyone read the file.</summary>
    public bool SharedBeyondOwner => (Mode & 0b000_111_111) != 0;
}
