using System.Text.Json;
using Infra.App.Tests.Fixtures;

namespace Infra.App.Tests.Hosting;

[Collection(PlatformCollection.Name)]
public sealed class JsonLoggingTests(Platform platform)
{
    [Fact]
    public async Task EveryStdoutLineIsJsonAndRequestLinesCarryTheRequestAndTraceIds()
    {
        await using var app = await platform.StartAppAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no-such-page");
        request.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        await app.Client.SendAsync(request);

        var line = await WaitForLineAsync(app, "/no-such-page");
        var scopes = JsonDocument.Parse(line).RootElement.GetProperty("Scopes").EnumerateArray().ToList();

        Assert.Contains(scopes, s => s.TryGetProperty("RequestId", out var id) && id.GetString()!.Length > 0);
        Assert.Contains(scopes, s => s.TryGetProperty("TraceId", out var id) && id.GetString() == "4bf92f3577b34da6a3ce929d0e0e4736");
        Assert.All(app.Process.Output.Where(l => l.StartsWith('{')), l => JsonDocument.Parse(l));
    }

    private static async Task<string> WaitForLineAsync(AppProcess app, string text)
    {
        for (var i = 0; i < 50; i++)
        {
            if (app.Process.Output.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"No log line mentions {text}:\n{app.Process.Tail()}");
    }
}
