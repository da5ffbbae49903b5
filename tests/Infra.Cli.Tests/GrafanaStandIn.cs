using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Infra.Cli.Tests;

/// <summary>
/// Stands in for Grafana behind the edge (Debian has no Grafana package): on loopback, answers every anonymous
/// request as Grafana does, 302 to /login. A seam to the outside world; the edge in front of it is the real nginx.
/// </summary>
public sealed class GrafanaStandIn : IAsyncDisposable
{
    private static readonly byte[] Answer = Encoding.ASCII.GetBytes("HTTP/1.1 302 Found\r\nLocation: /login\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    /// <param name="address"><c>127.0.0.1:port</c>, the edge's Grafana upstream.</param>
    public GrafanaStandIn(string address)
    {
        _listener = new TcpListener(IPEndPoint.Parse(address));
        _listener.Start();
        _serving = ServeAsync();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var stream = client.GetStream();
                var request = new StringBuilder();
                var buffer = new byte[4096];
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                await stream.WriteAsync(Answer, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving;
        _stop.Dispose();
    }
}
