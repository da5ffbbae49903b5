using Infra.Blueprint.Platform;

namespace Infra.Components.Edge;

/// <summary>Inputs of an <see cref="OriginCertificate"/>.</summary>
public sealed class OriginCertificateArgs
{
    /// <summary>The certificate as planned: host names, validity, key algorithm.</summary>
    public required CertificateSpec Certificate { get; init; }
}
