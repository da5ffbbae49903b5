using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Infra.Contract;

namespace Infra.Cli.Verify;

/// <summary>
/// Runs <c>verify</c>'s checks against a <see cref="VerifyTarget"/>, in <see cref="Checks.All"/> order. Every
/// connection goes through the target's <c>--resolve</c> pins and trusts what <c>--ca</c> says; each check catches
/// its own failure, so one broken part never hides the others.
/// </summary>
public sealed partial class Verifier(VerifyTarget target, TimeProvider time)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Runs every check, then the bounded load.</summary>
    /// <param name="requests">Requests the load sends.</param>
    /// <param name="concurrency">Requests in flight at once.</param>
    /// <param name="bar">What the load must reach.</param>
    /// <param name="loadTimeLimit">Longest the load may run; requests not sent by then count as failed.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public async Task<VerifyReport> RunAsync(int requests, int concurrency, LoadBar bar, TimeSpan loadTimeLimit, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(Handler(maxConnections: 4)) { Timeout = RequestTimeout };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("infra-verify", "1"));
        var http = $"http://{target.Host}:{target.HttpPort}";
        var results = new List<CheckResult>
        {
            await GuardAsync(Checks.Readiness, At(target.ReadinessPath), () => ReadinessAsync(client, cancellationToken)),
            await GuardAsync(Checks.Health, At(AppContract.Paths.Health), () => HealthAsync(client, cancellationToken)),
            await GuardAsync(Checks.Liveness, At(AppContract.Paths.Live), () => LivenessAsync(client, cancellationToken)),
            await GuardAsync(Checks.Tls, target.Url, () => TlsAsync(cancellationToken)),
            await GuardAsync(Checks.Redirect, new Uri(http), () => RedirectAsync(client, cancellationToken)),
            await GuardAsync(Checks.Headers, target.Url, () => HeadersAsync(client, cancellationToken)),
            await GuardAsync(Checks.WebSocket, At(AppContract.Paths.WebSocket), () => WebSocketAsync(cancellationToken)),
            await GuardAsync(Checks.Grafana, new UriBuilder(target.Url) { Host = target.GrafanaHost ?? target.Host }.Uri, () => GrafanaAsync(client, cancellationToken)),
        };

        var load = await LoadAsync(requests, concurrency, loadTimeLimit, cancellationToken);
        results.Add(bar.Judge(load));
        return new VerifyReport(target.Url, results, load);
    }

    // A check that throws fails with the reason and the address it could not reach, named for its check.
    private static async Task<CheckResult> GuardAsync(string name, Uri address, Func<Task<CheckResult>> check)
    {
        try
        {
            return await check();
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException or TaskCanceledException or AuthenticationException or System.Net.WebSockets.WebSocketException or InvalidDataException)
        {
            return CheckResult.Fail(name, $"{address}: {Reason(e)}");
        }
    }

    /// <summary>One line for a failed connection or request: the innermost cause, in words.</summary>
    internal static string Reason(Exception e)
    {
        var socket = e as SocketException ?? e.InnerException as SocketException ?? e.InnerException?.InnerException as SocketException;
        if (socket is not null)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData => "host name not found (pin it with --resolve host:address)",
                SocketError.TimedOut => "connection timed out",
                SocketError.ConnectionReset => "connection reset",
                _ => socket.Message,
            };
        }

        return e switch
        {
            TaskCanceledException => $"no answer within {RequestTimeout.TotalSeconds:F0} s",
            HttpRequestException { InnerException: AuthenticationException tls } => $"TLS handshake failed: {tls.Message}",
            HttpRequestException { InnerException: IOException io } => io.Message,
            _ => e.Message,
        };
    }

    private SocketsHttpHandler Handler(int maxConnections) => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Trusts(certificate, chain, errors, out string _) },
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken),
    };

    // curl's --resolve: a pinned host name connects to its address; any other goes through DNS.
    private async ValueTask<Stream> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var addresses = target.Resolve.TryGetValue(host, out var pinned) ? [pinned] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Whether a server certificate is trusted: by the system, or with <c>--ca</c> by those roots only; the host name must match either way.</summary>
    internal bool Trusts(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, out string problem)
    {
        problem = "";
        if (certificate is not X509Certificate2 leaf || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            problem = "the server sent no certificate";
            return false;
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            problem = $"the certificate ({leaf.Subject}) does not name the host";
            return false;
        }

        if (target.TrustedRoots is null)
        {
            problem = errors == SslPolicyErrors.None ? "" : $"untrusted chain: {string.Join(", ", chain?.ChainStatus.Select(s => s.Status) ?? [])}";
            return errors == SslPolicyErrors.None;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(target.TrustedRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var element in chain?.ChainElements.Skip(1) ?? [])
        {
            custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }

        var trusted = custom.Build(leaf);
        problem = trusted ? "" : $"untrusted chain: {string.Join(", ", custom.ChainStatus.Select(s => s.Status))} (not signed by the --ca certificate)";
        return trusted;
    }

    private Uri At(string path) => new(target.Url, path);
}
