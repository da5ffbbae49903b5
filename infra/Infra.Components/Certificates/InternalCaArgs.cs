using Infra.Blueprint.Platform;

namespace Infra.Components.Certificates;

/// <summary>Inputs of the <see cref="InternalCa"/>.</summary>
public sealed class InternalCaArgs
{
    /// <summary>The certificates the CA signs, as planned (all <see cref="CertificateIssuer.InternalCa"/>).</summary>
    public required IReadOnlyList<CertificateSpec> Certificates { get; init; }

    /// <summary>Subject common name of the CA certificate.</summary>
    public required string CommonName { get; init; }

    /// <summary>Validity of the CA certificate, in days.</summary>
    public required int ValidityDays { get; init; }

    /// <summary>How many days before expiry <c>pulumi up</c> replaces the CA and its certificates.</summary>
    public required int RenewBeforeDays { get; init; }

    /// <summary>The internal CA of <paramref name="plan"/>, or null when no planned certificate needs one.</summary>
    public static InternalCaArgs? From(Plan plan)
    {
        var certificates = plan.Certificates.Where(c => c.Issuer == CertificateIssuer.InternalCa).ToList();
        return certificates.Count == 0 ? null : new InternalCaArgs
        {
            Certificates = certificates,
            CommonName = CertificateSpec.InternalCaCommonName,
            ValidityDays = CertificateSpec.InternalCaValidityDays,
            RenewBeforeDays = CertificateSpec.InternalRenewBeforeDays,
        };
    }
}
