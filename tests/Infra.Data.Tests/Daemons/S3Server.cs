using Infra.TestKit;

namespace Infra.Data.Tests.Daemons;

/// <summary>
/// An S3-compatible server on 127.0.0.1: s3rver (pinned by tools/s3/package-lock.json), over TLS with a certificate
/// from a throwaway CA, holding one bucket. TLS is not for show: over plain HTTP restic's S3 client signs the body in
/// aws-chunked framing, which s3rver stores undecoded, so a repository would be unreadable. Production's R2 or S3 is
/// https too.
/// </summary>
public sealed class S3Server : IDisposable
{
    /// <summary>The access key id and secret s3rver accepts by default.</summary>
    public const string Credential = "S3RVER";

    private readonly ChildProcess _process;

    private S3Server(ChildProcess process, TempDirectory dir, int port, string bucket, string caFile)
    {
        _process = process;
        Dir = dir;
        Endpoint = $"https://localhost:{port}";
        Bucket = bucket;
        CaFile = caFile;
    }

    /// <summary>The server's files: its data folder and certificates.</summary>
    public TempDirectory Dir { get; }

    /// <summary>The endpoint URL, as <c>infra:backups.s3Endpoint</c> takes it.</summary>
    public string Endpoint { get; }

    /// <summary>The bucket it serves.</summary>
    public string Bucket { get; }

    /// <summary>The CA certificate that signed the server's: restic trusts it through <c>SSL_CERT_FILE</c>.</summary>
    public string CaFile { get; }

    /// <summary>The keys of the objects the bucket holds under <paramref name="prefix"/> (s3rver keeps one file per object).</summary>
    public IReadOnlyList<string> Keys(string prefix)
    {
        const string suffix = "._S3rver_object";
        var root = Dir.File(Path.Combine("data", Bucket));
        return Directory.Exists(Path.Combine(root, prefix))
            ? [.. Directory.EnumerateFiles(Path.Combine(root, prefix), "*" + suffix, SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f)[..^suffix.Length])]
            : [];
    }

    /// <summary>Starts s3rver with <paramref name="bucket"/> created.</summary>
    public static S3Server Start(string bucket)
    {
        var node = Tools.Require("node", "nodejs");
        var s3rver = Repository.PathOf("tools/s3/node_modules/s3rver/bin/s3rver.js");
        if (!File.Exists(s3rver))
        {
            throw new InvalidOperationException($"s3rver is not installed: run `npm ci --prefix {Repository.PathOf("tools/s3")}` (test.sh does)");
        }

        var dir = new TempDirectory("s3");
        try
        {
            var certificate = InternalCa.Issue(dir, "localhost", "s3");
            Directory.CreateDirectory(dir.File("data"));
            var port = Loopback.FreePort();
            var process = ChildProcess.Start(node, [
                s3rver, "--directory", dir.File("data"), "--address", "127.0.0.1", "--port", port.ToString(),
                "--no-vhost-buckets", "--silent", "--key", certificate.KeyFile, "--cert", certificate.CertificateFile,
                // Last: the option takes every argument after the bucket name as a configuration file.
                "--configure-bucket", bucket]);
            var server = new S3Server(process, dir, port, bucket, certificate.CaFile);
            try
            {
                process.WaitForPortAsync(port, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
                return server;
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _process.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Dir.Dispose();
    }
}
