namespace Infra.TestKit;

/// <summary>
/// An S3-compatible server: s3rver (pinned by tools/s3/package-lock.json), over TLS with a certificate from a throwaway
/// CA, holding one bucket; on 127.0.0.1 (the data tier), or on another address of this machine (the Swarm tier: the
/// node's bridge gateway). TLS is not for show: over plain HTTP restic's S3 client signs the body in
/// aws-chunked framing, which s3rver stores undecoded, so a repository would be unreadable. Production's R2 or S3 is
/// https too.
/// </summary>
public sealed class S3Server : IDisposable
{
    /// <summary>The access key id and secret s3rver accepts by default.</summary>
    public const string Credential = "S3RVER";

    private readonly ChildProcess _process;

    private S3Server(ChildProcess process, TempDirectory dir, string host, int port, string bucket, string caFile)
    {
        _process = process;
        Dir = dir;
        Endpoint = $"https://{host}:{port}";
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

    /// <summary>
    /// Starts s3rver with <paramref name="bucket"/> created, listening on <paramref name="address"/>: on 127.0.0.1 its
    /// endpoint and certificate name <c>localhost</c>, elsewhere the address itself (an IP subject alternative name).
    /// </summary>
    public static S3Server Start(string bucket, string address = "127.0.0.1")
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
            var host = address == "127.0.0.1" ? "localhost" : address;
            var certificate = InternalCa.Issue(dir, host, "s3");
            Directory.CreateDirectory(dir.File("data"));
            var port = FreePort(address);
            var process = ChildProcess.Start(node, [
                s3rver, "--directory", dir.File("data"), "--address", address, "--port", port.ToString(),
                "--no-vhost-buckets", "--silent", "--key", certificate.KeyFile, "--cert", certificate.CertificateFile,
                // Last: the option takes every argument after the bucket name as a configuration file.
                "--configure-bucket", bucket]);
            var server = new S3Server(process, dir, host, port, bucket, certificate.CaFile);
            try
            {
                process.WaitForPortAsync(port, TimeSpan.FromSeconds(30), address).GetAwaiter().GetResult();
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

    private static int FreePort(string address)
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Parse(address), 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _process.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Dir.Dispose();
    }
}
