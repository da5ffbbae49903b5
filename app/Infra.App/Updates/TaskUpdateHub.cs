using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Infra.App.Hosting;
using Infra.App.Json;
using Infra.App.Metrics;

namespace Infra.App.Updates;

/// <summary>
/// The WebSocket clients connected to this replica. Each has a bounded outbox: a client too slow to drain it is
/// disconnected rather than allowed to grow the server's memory.
/// </summary>
internal sealed class TaskUpdateHub(AppMetrics metrics, DrainState drain)
{
    public const int OutboxCapacity = 256;
    private const int MaxIncomingMessageBytes = 4096;
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<long, Client> _clients = new();
    private long _nextId;

    public int Count => _clients.Count;

    public void Broadcast(TaskChange change) => Broadcast(Serialize(change));

    public void Broadcast(byte[] message)
    {
        foreach (var client in _clients.Values)
        {
            if (!client.Outbox.Writer.TryWrite(message))
            {
                client.Stop(WebSocketCloseStatus.PolicyViolation, "too slow to keep up with updates");
            }
        }
    }

    public static byte[] Serialize(TaskChange change) => JsonSerializer.SerializeToUtf8Bytes(change, AppJsonContext.Default.TaskChange);

    /// <summary>Serves one accepted socket until the client leaves, falls behind, or the drain window ends.</summary>
    public async Task ServeAsync(WebSocket socket, TaskChange hello, CancellationToken aborted)
    {
        var client = new Client();
        var id = Interlocked.Increment(ref _nextId);
        client.Outbox.Writer.TryWrite(Serialize(hello));
        _clients[id] = client;
        metrics.WebSocketConnections.Inc();
        try
        {
            using var onDrained = drain.Drained.Register(() => client.Stop(WebSocketCloseStatus.EndpointUnavailable, "server shutting down"));
            var receiving = ReceiveUntilCloseAsync(socket, client, aborted);
            await foreach (var message in client.Outbox.Reader.ReadAllAsync(aborted))
            {
                // A client that stops reading would block this send forever, and with it the server's shutdown.
                using var sendTimeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                sendTimeout.CancelAfter(SendTimeout);
                await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, sendTimeout.Token);
            }

            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(client.CloseStatus, client.CloseDescription, aborted);
            }

            // Give the client a moment to answer the close handshake; a client that does not is simply dropped.
            await receiving.WaitAsync(TimeSpan.FromSeconds(2), aborted);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException)
        {
            // The client went away or ignored the close; nothing more to tell it.
        }
        finally
        {
            _clients.TryRemove(id, out _);
            metrics.WebSocketConnections.Dec();
        }
    }

    private static async Task ReceiveUntilCloseAsync(WebSocket socket, Client client, CancellationToken aborted)
    {
        var buffer = new byte[1024];
        var messageBytes = 0;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, aborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    client.Stop(WebSocketCloseStatus.NormalClosure, "");
                    return;
                }

                // Clients have nothing to say on this socket; a large message is misuse, not chatter.
                messageBytes = result.EndOfMessage ? 0 : messageBytes + result.Count;
                if (messageBytes > MaxIncomingMessageBytes)
                {
                    client.Stop(WebSocketCloseStatus.MessageTooBig, "this endpoint only sends");
                    return;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            client.Stop(WebSocketCloseStatus.NormalClosure, "");
        }
    }

    private sealed class Client
    {
        private int _stopped;

        public Channel<byte[]> Outbox { get; } = Channel.CreateBounded<byte[]>(
            new BoundedChannelOptions(OutboxCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

        public WebSocketCloseStatus CloseStatus { get; private set; } = WebSocketCloseStatus.NormalClosure;

        public string CloseDescription { get; private set; } = "";

        public void Stop(WebSocketCloseStatus status, string description)
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 0)
            {
                CloseStatus = status;
                CloseDescription = description;
                Outbox.Writer.TryComplete();
            }
        }
    }
}
