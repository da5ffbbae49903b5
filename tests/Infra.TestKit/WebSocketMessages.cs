using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Infra.TestKit;

/// <summary>Reads the app's live updates: one JSON text message at a time.</summary>
public static class WebSocketMessages
{
    /// <summary>The next whole message, parsed; a non-text message is an error.</summary>
    public static async Task<JsonElement> ReceiveJsonAsync(this WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return result.MessageType == WebSocketMessageType.Text
            ? JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, length)).RootElement.Clone()
            : throw new InvalidOperationException($"expected a text message, got {result.MessageType} ({socket.CloseStatus} {socket.CloseStatusDescription})");
    }
}
