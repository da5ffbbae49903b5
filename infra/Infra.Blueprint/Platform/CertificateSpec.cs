namespace Infra.Blueprint.Platform;

/// <summary>A TLS certificate the platform obtains.</summary>
/// <param name="Name">Symbolic name; its key becomes the secret <c>{Name}_key</c>.</param>
/// <param name="Hostnames">Names the certificate covers.</param>
/// <param name="ValidityDays">Requested validity (Cloudflare Origin CA accepts 7, 30, 90, 365, 730, 1095 or 5475).</param>
/// <param name="KeyAlgorithm"><c>ECDSA</c> (P-256) or <c>RSA</c>.</param>
public sealed record CertificateSpec(string Name, IReadOnlyList<string> Hostnames, int ValidityDays, string KeyAlgorithm)
{
    /// <summary>Name of the secret holding the private key.</summary>
    public string KeySecretName => $"{Name}_key";
}
