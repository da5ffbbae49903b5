using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace Infra.Swarm.Tests;

/// <summary>Clients that reach the edge as the internet would: the stack's domain (SNI and Host) on the node's published 443.</summary>
public static class Edge
{
    /// <summary>An HTTPS client for <c>https://{domain}/</c> whose connections go to <paramref name="node"/>'s port 443.</summary>
    public static HttpClient Client(SwarmNode node, string domain) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, token) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(node.Address), context.DnsEndPoint.Port), token);
            return new NetworkStream(socket, ownsSocket: true);
        },
        // The tier's origin certificate is self-signed (Cloudflare's origin CA signs the real one).
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        PooledConnectionLifetime = TimeSpan.FromSeconds(5),
    })
    { BaseAddress = new Uri($"https://{domain}/"), Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>A WebSocket connected through the edge to <paramref name="path"/>.</summary>
    public static async Task<ClientWebSocket> WebSocket(SwarmNode node, string domain, string path, string origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", origin);
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await s.ConnectAsync(new IPEndPoint(IPAddress.Parse(node.Address), context.DnsEndPoint.Port), token);
                return new NetworkStream(s, ownsSocket: true);
            },
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri($"wss://{domain}{path}"), invoker, timeout.Token);
        return socket;
    }
}
