using Pulumi;
using Pulumi.Cloudflare;
using Pulumi.Tls;

namespace Infra.Components.Edge;

/// <summary>
/// A Cloudflare Origin CA certificate for the edge: the key and the CSR are made by Pulumi.Tls (the key never
/// leaves Pulumi's state and the Swarm secret), Cloudflare signs the CSR. Cloudflare's proxy trusts it in Full
/// (strict) mode; browsers never see it. Needs a Cloudflare API token with SSL and Certificates permission.
/// </summary>
public sealed class OriginCertificate : ComponentResource
{
    /// <summary>The signed certificate, PEM.</summary>
    [Output]
    public Output<string> CertificatePem { get; private set; }

    /// <summary>The private key, PEM (secret).</summary>
    [Output]
    public Output<string> PrivateKeyPem { get; private set; }

    /// <summary>Requests <see cref="OriginCertificateArgs.Certificate"/> from Cloudflare.</summary>
    public OriginCertificate(string name, OriginCertificateArgs args, ComponentResourceOptions? options = null)
        : base("infra:edge:OriginCertificate", name, options)
    {
        var spec = args.Certificate;
        var ecdsa = spec.KeyAlgorithm == "ECDSA";
        var key = new PrivateKey($"{name}-key", ecdsa
            ? new PrivateKeyArgs { Algorithm = "ECDSA", EcdsaCurve = "P256" }
            : new PrivateKeyArgs { Algorithm = "RSA", RsaBits = 2048 }, new CustomResourceOptions { Parent = this });
        PrivateKeyPem = Output.CreateSecret(key.PrivateKeyPem);

        var request = new CertRequest($"{name}-csr", new CertRequestArgs
        {
            PrivateKeyPem = PrivateKeyPem,
            DnsNames = [.. spec.Hostnames],
            Subject = new Pulumi.Tls.Inputs.CertRequestSubjectArgs { CommonName = spec.Hostnames[0] },
        }, new CustomResourceOptions { Parent = this });

        var certificate = new OriginCaCertificate($"{name}-certificate", new OriginCaCertificateArgs
        {
            Csr = request.CertRequestPem,
            Hostnames = [.. spec.Hostnames],
            RequestType = ecdsa ? "origin-ecc" : "origin-rsa",
            RequestedValidity = spec.ValidityDays,
        }, new CustomResourceOptions { Parent = this });
        CertificatePem = certificate.Certificate;

        RegisterOutputs(new Dictionary<string, object?>
        {
            ["certificatePem"] = CertificatePem,
            ["privateKeyPem"] = PrivateKeyPem,
        });
    }
}
