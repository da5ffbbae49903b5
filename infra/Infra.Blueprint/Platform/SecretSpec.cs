namespace Infra.Blueprint.Platform;

/// <summary>A Swarm secret, by symbolic name; its value exists only in Pulumi (as a secret) and on the servers.</summary>
/// <param name="Name">Symbolic name; also the file name under <c>/run/secrets/</c>.</param>
/// <param name="Kind">Where the value comes from.</param>
/// <param name="Length">Length of a generated password.</param>
/// <param name="From">The secret (for <see cref="SecretKind.Derived"/>), certificate (for <see cref="SecretKind.CertificateKey"/>) or config key (for <see cref="SecretKind.StackConfig"/>) the value comes from.</param>
/// <param name="Template">
/// For <see cref="SecretKind.Derived"/>: the file's text, with <see cref="ValuePlaceholder"/> where the source's value goes.
/// </param>
public sealed record SecretSpec(string Name, SecretKind Kind, int Length = 0, string? From = null, string? Template = null)
{
    /// <summary>Stands for the source secret's value in a <see cref="Template"/>; generated values are alphanumeric, so it is never ambiguous.</summary>
    public const string ValuePlaceholder = "{value}";

    /// <summary>The derived file's text for the source value <paramref name="value"/>, as the Pulumi layer writes it.</summary>
    public string Derive(string value) =>
        Kind == SecretKind.Derived && Template is { } template
            ? template.Replace(ValuePlaceholder, value, StringComparison.Ordinal)
            : throw new InvalidOperationException($"secret {Name}: only a derived secret with a template is derived from another");
}
