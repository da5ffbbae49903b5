namespace Infra.Blueprint.Platform;

/// <summary>A secret mounted into a service at <c>/run/secrets/{FileName}</c>, readable by <paramref name="Uid"/> only.</summary>
/// <param name="Secret">The secret's symbolic name.</param>
/// <param name="FileName">File name under <c>/run/secrets/</c>.</param>
/// <param name="Uid">Owner uid of the file ("0" for root).</param>
/// <param name="Mode">File mode, octal.</param>
public sealed record SecretMount(string Secret, string FileName, string Uid = "0", int Mode = 0b100_100_000);
