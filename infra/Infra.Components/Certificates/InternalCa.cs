using Infra.Blueprint.Platform;
using Pulumi;
using Pulumi.Tls;

namespace Infra.Components.Certificates;

/// <summary>
/// The stack's internal CA and the certificates it signs (<see cref="CertificateIssuer.InternalCa"/>): an ECDSA
/// P-256 key and a self-signed CA certificate that may only sign certificates and CRLs, then for each planned
/// certificate a key, a CSR for its host names and a locally signed server certificate. Keys never leave Pulumi's
/// state and the Swarm secrets; each is renewed by the first <c>pulumi up</c> within
/// <see cref="InternalCaArgs.RenewBeforeDays"/> of its expiry.
/// </summary>
public sealed class InternalCa : ComponentResource
{
    /// <summary>The CA certificate (PEM), which clients mount to verify the certificates it signs.</summary>
    [Output]
    public Output<string> CertificatePem { get; private set; }

    /// <summary>Each signed certificate (PEM) by certificate name.</summary>
    public IReadOnlyDictionary<string, Output<string>> CertificatePems { get; }

    /// <summary>Each signed certificate's private key (PEM, secret) by certificate name.</summary>
    public IReadOnlyDictionary<string, Output<string>> PrivateKeyPems { get; }

    /// <summary>Creates the CA and signs every certificate of <see cref="InternalCaArgs.Certificates"/>.</summary>
    public InternalCa(string name, InternalCaArgs args, ComponentResourceOptions? options = null)
        : base("infra:certificates:InternalCa", name, options)
    {
        var renewBeforeHours = args.RenewBeforeDays * 24;
        var caKey = new PrivateKey($"{name}-key", Key("ECDSA"), new CustomResourceOptions { Parent = this });
        var caKeyPem = Output.CreateSecret(caKey.PrivateKeyPem);
        var ca = new SelfSignedCert($"{name}-certificate", new SelfSignedCertArgs
        {
            PrivateKeyPem = caKeyPem,
            IsCaCertificate = true,
            AllowedUses = ["cert_signing", "crl_signing"],
            Subject = new Pulumi.Tls.Inputs.SelfSignedCertSubjectArgs { CommonName = args.CommonName },
            ValidityPeriodHours = args.ValidityDays * 24,
            EarlyRenewalHours = renewBeforeHours,
        }, new CustomResourceOptions { Parent = this });
        CertificatePem = ca.CertPem;

        var certificates = new Dictionary<string, Output<string>>();
        var keys = new Dictionary<string, Output<string>>();
        foreach (var spec in args.Certificates)
        {
            if (spec.Issuer != CertificateIssuer.InternalCa)
            {
                throw new InvalidOperationException($"certificate {spec.Name}: issued by {spec.Issuer}, not by the internal CA");
            }

            var key = new PrivateKey($"{name}-{spec.Name}-key", Key(spec.KeyAlgorithm), new CustomResourceOptions { Parent = this });
            keys[spec.Name] = Output.CreateSecret(key.PrivateKeyPem);
            var request = new CertRequest($"{name}-{spec.Name}-csr", new CertRequestArgs
            {
                PrivateKeyPem = keys[spec.Name],
                DnsNames = [.. spec.Hostnames],
                Subject = new Pulumi.Tls.Inputs.CertRequestSubjectArgs { CommonName = spec.Hostnames[0] },
            }, new CustomResourceOptions { Parent = this });
            certificates[spec.Name] = new LocallySignedCert($"{name}-{spec.Name}-certificate", new LocallySignedCertArgs
            {
                CertRequestPem = request.CertRequestPem,
                CaCertPem = ca.CertPem,
                CaPrivateKeyPem = caKeyPem,
                AllowedUses = ["server_auth", "digital_signature", "key_encipherment"],
                ValidityPeriodHours = spec.ValidityDays * 24,
                EarlyRenewalHours = renewBeforeHours,
            }, new CustomResourceOptions { Parent = this }).CertPem;
        }

        CertificatePems = certificates;
        PrivateKeyPems = keys;

        RegisterOutputs(new Dictionary<string, object?> { ["certificatePem"] = CertificatePem });
    }

    private static PrivateKeyArgs Key(string algorithm) => algorithm == "ECDSA"
        ? new PrivateKeyArgs { Algorithm = "ECDSA", EcdsaCurve = "P256" }
        : new PrivateKeyArgs { Algorithm = "RSA", RsaBits = 2048 };
}
