using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Infra.Cli.Verify;

// The TLS check: one handshake with the app's host name, the chain judged as every other check's is, and the leaf's expiry.
public sealed partial class Verifier
{
    private async Task<CheckResult> TlsAsync(CancellationToken cancellationToken)
    {
        await using var stream = await ConnectAsync(target.Host, target.Url.Port, cancellationToken);
        var problem = "";
        X509Certificate2? leaf = null;
        await using var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = target.Host,
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    leaf = certificate as X509Certificate2;
                    return Trusts(certificate, chain, errors, out problem);
                },
            }, cancellationToken);
        }
        catch (AuthenticationException e)
        {
            return CheckResult.Fail(Checks.Tls, problem.Length > 0 ? $"{target.Host}: {problem}" : $"{target.Host}: TLS handshake failed: {e.Message}");
        }

        var (outcome, expiry) = CertificateExpiry.Judge(leaf!.NotAfter.ToUniversalTime(), time.GetUtcNow());
        return new CheckResult(Checks.Tls, outcome, $"{tls.SslProtocol}, {leaf.Subject} by {leaf.Issuer}, {expiry}");
    }
}
