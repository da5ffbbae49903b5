using System.Net;
using System.Net.WebSockets;
using System.Text;
using Infra.Contract;

namespace Infra.Cli.Verify;

// The WebSocket check: the edge upgrades the app's WebSocket path, and the app's first message arrives.
public sealed partial class Verifier
{
    private async Task<CheckResult> WebSocketAsync(CancellationToken cancellationToken)
    {
        var url = new UriBuilder(target.Url) { Scheme = "wss", Path = AppContract.Paths.WebSocket }.Uri;
        using var invoker = new HttpMessageInvoker(Handler(maxConnections: 1));
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version11;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(RequestTimeout);
        await socket.ConnectAsync(url, invoker, deadline.Token);

        var buffer = new byte[16 * 1024];
        var length = 0;
        ValueWebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer.AsMemory(length), deadline.Token);
            length += received.Count;
        }
        while (!received.EndOfMessage && length < buffer.Length);

        if (received.MessageType == WebSocketMessageType.Close)
        {
            return CheckResult.Fail(Checks.WebSocket, $"{AppContract.Paths.WebSocket}: upgraded, then closed before a message ({socket.CloseStatus} {socket.CloseStatusDescription})");
        }

        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "verified", deadline.Token);
        var message = Encoding.UTF8.GetString(buffer, 0, length);
        return CheckResult.Pass(Checks.WebSocket, $"{AppContract.Paths.WebSocket}: 101, first message {(message.Length > 60 ? message[..60] + "…" : message)}");
    }
}
