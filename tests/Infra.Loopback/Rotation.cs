using System.Net;
using System.Net.Sockets;

namespace Infra.Loopback;

/// <summary>
/// The DNS stand-in in front of several edge hosts: the set of origins a proxy (Cloudflare) picks from for each new
/// connection, round robin. Like Cloudflare Free, a client using it connects to the one origin it picked and does not try
/// another when that one refuses. <see cref="Withdraw"/> and <see cref="Restore"/> are a host's records removed and put back.
/// </summary>
public sealed class Rotation
{
    private readonly object _gate = new();
    private readonly List<int> _ports;
    private int _next;

    /// <summary>A rotation over the TLS ports of <paramref name="hosts"/>.</summary>
    public Rotation(IEnumerable<EdgeHost> hosts) => _ports = [.. hosts.Select(h => h.HttpsPort)];

    /// <summary>Takes <paramref name="host"/> out: no new connection goes to it.</summary>
    public void Withdraw(EdgeHost host)
    {
        lock (_gate)
        {
            _ports.Remove(host.HttpsPort);
        }
    }

    /// <summary>Puts <paramref name="host"/> back.</summary>
    public void Restore(EdgeHost host)
    {
        lock (_gate)
        {
            if (!_ports.Contains(host.HttpsPort))
            {
                _ports.Add(host.HttpsPort);
            }
        }
    }

    /// <summary>The port the next connection goes to.</summary>
    public int Pick()
    {
        lock (_gate)
        {
            if (_ports.Count == 0)
            {
                throw new InvalidOperationException("no edge host is in rotation");
            }

            return _ports[_next++ % _ports.Count];
        }
    }

    /// <summary>
    /// An HTTPS client whose every new connection goes to the host <see cref="Pick"/> names, accepting the self-signed
    /// certificate. Idempotent requests that meet a keep-alive connection the server just closed are resent on a new
    /// connection, as browsers and proxies do (RFC 9112 §9.3.1); a refused connection is a failed request.
    /// </summary>
    public HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            // Connections are renewed, so a restored host takes traffic again, as a proxy rebalances over time. Longer than
            // the loopback's drain: a withdrawn host still holds keep-alive connections when it is stopped.
            PooledConnectionLifetime = TimeSpan.FromSeconds(3),
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, Pick(), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri("https://127.0.0.1"), Timeout = TimeSpan.FromSeconds(15) };
    }
}
