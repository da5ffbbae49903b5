namespace Infra.Blueprint.Platform;

/// <summary>Who signs a certificate of the plan.</summary>
public enum CertificateIssuer
{
    /// <summary>Cloudflare's Origin CA (trusted by Cloudflare's edge only): the public origin certificate.</summary>
    CloudflareOrigin,

    /// <summary>
    /// The stack's internal CA: one Pulumi.Tls self-signed CA certificate (<see cref="CertificateSpec.InternalCaConfigKey"/>)
    /// signs it with a locally signed certificate. For service-to-service TLS across hosts.
    /// </summary>
    InternalCa,
}
