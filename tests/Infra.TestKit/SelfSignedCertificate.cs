namespace Infra.TestKit;

/// <summary>A throwaway ECDSA certificate for the edge, made with openssl (stands in for the Cloudflare origin certificate).</summary>
public static class SelfSignedCertificate
{
    /// <summary>
    /// Writes <c>origin.crt</c> and <c>origin.key</c> into <paramref name="directory"/>, for <paramref name="hostname"/> and
    /// any <paramref name="otherNames"/>, valid for <paramref name="days"/> days; returns their paths.
    /// </summary>
    public static (string Certificate, string Key) Create(TempDirectory directory, string hostname = "localhost", int days = 90, params string[] otherNames)
    {
        var names = string.Concat(otherNames.Select(n => $",DNS:{n}"));
        var openssl = Tools.Require("openssl", "openssl");
        var (certificate, key) = (directory.File("origin.crt"), directory.File("origin.key"));
        var result = Tools.Run(openssl,
        [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", key, "-out", certificate, "-days", days.ToString(System.Globalization.CultureInfo.InvariantCulture), "-subj", $"/CN={hostname}",
            "-addext", $"subjectAltName=DNS:{hostname}{names},IP:127.0.0.1",
        ]);
        return result.ExitCode == 0 ? (certificate, key) : throw new InvalidOperationException($"openssl failed: {result.Output}");
    }
}
