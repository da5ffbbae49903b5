namespace Infra.Blueprint.Platform;

/// <summary>A Swarm secret, by symbolic name; its value exists only in Pulumi (as a secret) and on the servers.</summary>
/// <param name="Name">Symbolic name; also the file name under <c>/run/secrets/</c>.</param>
/// <param name="Kind">Where the value comes from.</param>
/// <param name="Length">Length of a generated password.</param>
/// <param name="From">The secret (for <see cref="SecretKind.Derived"/>), certificate (for <see cref="SecretKind.CertificateKey"/>) or config key (for <see cref="SecretKind.StackConfig"/>) the value comes from.</param>
/// <param name="Template">
/// For <see cref="SecretKind.Derived"/>: the file's text as a .NET composite format string (<c>string.Format</c>):
/// <c>{0}</c> stands for the source's value and literal braces are doubled (<c>{{</c>, <c>}}</c>).
/// </param>
public sealed record SecretSpec(string Name, SecretKind Kind, int Length = 0, string? From = null, string? Template = null);
