using Infra.Blueprint.Platform;
using Pulumi;

namespace Infra.Components.Platform;

/// <summary>Inputs of <see cref="Secrets"/>.</summary>
public sealed class SecretsArgs
{
    /// <summary>The secrets as planned, sources before the secrets derived from them.</summary>
    public required IReadOnlyList<SecretSpec> Specs { get; init; }

    /// <summary>Private keys (secret Outputs) of the plan's certificates, by certificate name.</summary>
    public required IReadOnlyDictionary<string, Output<string>> CertificateKeys { get; init; }

    /// <summary>
    /// The secret values of the stack's config (secret Outputs), by full key (<c>infra:backups.s3AccessKeyId</c>), as
    /// read once at the edge; <see cref="SecretKind.StackConfig"/> secrets name theirs in <see cref="SecretSpec.From"/>.
    /// </summary>
    public required IReadOnlyDictionary<string, Output<string>> StackConfig { get; init; }
}
