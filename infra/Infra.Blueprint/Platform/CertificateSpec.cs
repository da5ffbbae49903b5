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

    /// <summary>Name of the secret holding the private key.</summary>
    public string KeySecretName => $"{Name}_key";

    /// <summary>Key of the config holding the certificate (PEM); its content comes from Pulumi, not from a renderer.</summary>
    public string ConfigKey => $"{Name}.crt";
}
