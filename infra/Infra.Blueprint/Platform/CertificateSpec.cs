namespace Infra.Blueprint.Platform;

/// <summary>A TLS certificate the platform obtains.</summary>
/// <param name="Name">Symbolic name; its key becomes the secret <c>{Name}_key</c>, its certificate the config <c>{Name}.crt</c>.</param>
/// <param name="Hostnames">Names the certificate covers.</param>
/// <param name="ValidityDays">Requested validity (Cloudflare Origin CA accepts 7, 30, 90, 365, 730, 1095 or 5475).</param>
/// <param name="KeyAlgorithm"><c>ECDSA</c> (P-256) or <c>RSA</c>.</param>
/// <param name="Issuer">Who signs it.</param>
public sealed record CertificateSpec(string Name, IReadOnlyList<string> Hostnames, int ValidityDays, string KeyAlgorithm, CertificateIssuer Issuer = CertificateIssuer.CloudflareOrigin)
{
    /// <summary>Config key of the internal CA's certificate (PEM), which clients mount to verify <see cref="CertificateIssuer.InternalCa"/> certificates.</summary>
    public const string InternalCaConfigKey = "internal-ca.crt";

    /// <summary>Subject common name of the stack's internal CA certificate (ECDSA P-256, self-signed, signs certificates only).</summary>
    public const string InternalCaCommonName = "Infra internal CA";

    /// <summary>Validity of the internal CA certificate: ten years, far beyond any certificate it signs.</summary>
    public const int InternalCaValidityDays = 3650;

    /// <summary>
    /// Internal CA certificates (and the CA itself) are renewed by the first <c>pulumi up</c> this many days before they
    /// expire, not after: an expired PgBouncer certificate fails every <c>verify-full</c> connection.
    /// </summary>
    public const int InternalRenewBeforeDays = 30;

    /// <summary>Name of the secret holding the private key.</summary>
    public string KeySecretName => KeySecretOf(Name);

    /// <summary>Name of the secret holding the private key of the certificate named <paramref name="certificate"/>.</summary>
    public static string KeySecretOf(string certificate) => $"{certificate}_key";

    /// <summary>Key of the config holding the certificate (PEM); its content comes from Pulumi, not from a renderer.</summary>
    public string ConfigKey => $"{Name}.crt";
}
