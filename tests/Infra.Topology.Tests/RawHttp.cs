using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Infra.Topology.Tests;

/// <summary>What came back on a raw connection: the bytes as text (empty when nginx closed without a reply).</summary>
public sealed record RawResponse(string Text)
{
    /// <summary>The status of each response on the connection, in order.</summary>
    public IReadOnlyList<int> Statuses { get; } =
        [.. Text.Split("\r\n").Where(l => l.StartsWith("HTTP/1.", StringComparison.Ordinal)).Select(l => int.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>True when the server closed the connection without sending a byte (nginx's 444).</summary>
    public bool ClosedWithoutReply => Text.Length == 0;

    /// <summary>The first response's status, or 0 for none.</summary>
    public int Status => Statuses.Count > 0 ? Statuses[0] : 0;

    /// <summary>A header of the first response, or null.</summary>
    public string? Header(string name) => Text.Split("\r\n\r\n")[0].Split("\r\n")
        .Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
        .Select(p => p[1].Trim()).FirstOrDefault();
}

/// <summary>
/// Hand-written requests on a socket of their own, byte for byte as written: what curl and HttpClient would normalise
/// (path case and dots, absolute-form request lines, duplicate framing headers) reaches nginx unchanged.
/// </summary>
public static class RawHttp
{
    /// <summary>Sends <paramref name="request"/> (over TLS with SNI <paramref name="serverName"/> unless null) and reads until the server closes or 5 s pass.</summary>
    public static async Task<RawResponse> SendAsync(int port, string request, string? serverName, IPAddress? source = null)
    {
        using var socket = await ConnectAsync(port, source);
        await using var stream = await OpenAsync(socket, serverName);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        await stream.FlushAsync();
        return new RawResponse(await ReadToCloseAsync(stream, TimeSpan.FromSeconds(5)));
    }

    /// <summary>A connected socket from <paramref name="source"/> (default 127.0.0.1) to nginx's <paramref name="port"/>.</summary>
    public static async Task<Socket> ConnectAsync(int port, IPAddress? source = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(source ?? IPAddress.Loopback, 0));
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The socket's stream, TLS-wrapped (accepting the self-signed certificate) when <paramref name="serverName"/> is set.</summary>
    public static async Task<Stream> OpenAsync(Socket socket, string? serverName)
    {
        var network = new NetworkStream(socket, ownsSocket: false);
        if (serverName is null)
        {
            return network;
        }

        var tls = new SslStream(network, leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = serverName });
        return tls;
    }

    /// <summary>A WebSocket upgrade held open: the status nginx answered and the connection, to close when done.</summary>
    public static async Task<(int Status, IDisposable Connection)> UpgradeAsync(int port, string host, string origin, IPAddress? source = null)
    {
        var socket = await ConnectAsync(port, source);
        var stream = await OpenAsync(socket, host);
        var request = $"GET /ws HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var head = new StringBuilder();
        var one = new byte[1];
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, cancel.Token) == 1)
            {
                head.Append((char)one[0]);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // Closed or silent: no status.
        }

        var status = new RawResponse(head.ToString()).Status;
        return (status, new Connection(stream, socket));
    }

    private sealed class Connection(Stream stream, Socket socket) : IDisposable
    {
        public void Dispose()
        {
            stream.Dispose();
            socket.Dispose();
        }
    }

    private static async Task<string> ReadToCloseAsync(Stream stream, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancel.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            // A reset or the timeout ends the read; what arrived before it is the answer.
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }
}
