namespace Infra.TestKit;

/// <summary>A throwaway internal CA and a server certificate it signs, made with openssl (stands in for Pulumi.Tls).</summary>
public static class InternalCa
{
    /// <summary>The CA certificate and the server's certificate and key.</summary>
    public sealed record Certificate(string CaFile, string CertificateFile, string KeyFile);

    /// <summary>
    /// Issues a P-256 certificate for <paramref name="hostname"/> (a DNS name, or an IP address, which goes into an IP
    /// subject alternative name) from a new CA, in <paramref name="dir"/>/<paramref name="name"/>.
    /// </summary>
    public static Certificate Issue(TempDirectory dir, string hostname, string name = "internal")
    {
        var openssl = Tools.Require("openssl", "openssl");
        Directory.CreateDirectory(dir.File(name));
        string F(string file) => dir.File(Path.Combine(name, file));
        Run(openssl, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", F("ca.key"), "-out", F("ca.crt"), "-days", "2", "-subj", $"/CN={name} test CA"]);
        Run(openssl, ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", F("server.key"), "-out", F("server.csr"), "-subj", $"/CN={hostname}"]);
        var san = System.Net.IPAddress.TryParse(hostname, out _) ? "IP" : "DNS";
        File.WriteAllText(F("ext.cnf"), $"subjectAltName={san}:{hostname}\n");
        Run(openssl, ["x509", "-req", "-in", F("server.csr"), "-CA", F("ca.crt"), "-CAkey", F("ca.key"), "-CAcreateserial", "-out", F("server.crt"), "-days", "2", "-extfile", F("ext.cnf")]);
        Tools.Run("chmod", ["755", dir.Path, dir.File(name)]);
        Tools.Run("chmod", ["644", F("ca.crt"), F("server.crt")]);
        Tools.Run("chmod", ["600", F("server.key")]);
        return new Certificate(F("ca.crt"), F("server.crt"), F("server.key"));
    }

    private static void Run(string openssl, string[] arguments)
    {
        var result = Tools.Run(openssl, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed: {result.Output}");
        }
    }
}
