using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Text.Json;
using Infra.Contract;
using Infra.TestKit;

namespace Infra.Swarm.Tests;

/// <summary>The app through the edge, as a client on the internet reaches it.</summary>
[Collection(SwarmCollection.Name)]
public sealed class EdgeTests(SwarmFixture fixture)
{
    private string Domain => fixture.Plan.Settings.Domain;

    [Fact]
    public async Task TheAppAnswersThroughTheEdgeOverHttpsWithAWriteAReadAndAWebSocketMessage()
    {
        using var client = Edge.Client(fixture.Node, Domain);
        // The edge keeps readiness internal; the app's probe page shows it serving from its database.
        using var ready = await client.GetAsync(AppContract.Paths.Ready);
        Assert.True(ready.StatusCode == HttpStatusCode.NotFound, $"readiness through the edge: {(int)ready.StatusCode}, expected 404 (internal)");
        using var probe = await client.GetAsync(fixture.Plan.Settings.App.ProbePath);
        Assert.True(probe.StatusCode == HttpStatusCode.OK, $"{fixture.Plan.Settings.App.ProbePath} through the edge: {(int)probe.StatusCode} {await probe.Content.ReadAsStringAsync()}");

        using var socket = await Edge.WebSocket(fixture.Node, Domain, AppContract.Paths.WebSocket, fixture.Plan.Settings.App.CorsOrigins[0]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal("hello", (await socket.ReceiveJsonAsync(timeout.Token)).GetProperty("type").GetString());

        using var created = await client.PostAsJsonAsync("/api/tasks", new { title = "written on the swarm" });
        Assert.True(created.IsSuccessStatusCode, $"POST /api/tasks through the edge: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();

        using var read = await client.GetAsync($"/api/tasks/{id}");
        Assert.True(read.IsSuccessStatusCode, $"GET /api/tasks/{id}: {(int)read.StatusCode}");
        Assert.Equal("written on the swarm", JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());

        for (var i = 0; i < 20; i++)
        {
            var message = await socket.ReceiveJsonAsync(timeout.Token);
            if (message.TryGetProperty("id", out var messageId) && messageId.GetInt64() == id)
            {
                Assert.Equal("task.created", message.GetProperty("type").GetString());
                return;
            }
        }

        Assert.Fail($"no task.created message for task {id} through the edge within 20 messages");
    }

    [Fact]
    public async Task PlainHttpIsRedirectedToHttps()
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (context, token) =>
            {
                var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await s.ConnectAsync(new IPEndPoint(IPAddress.Parse(fixture.Node.Address), 80), token);
                return new System.Net.Sockets.NetworkStream(s, ownsSocket: true);
            },
        });
        using var response = await client.GetAsync($"http://{Domain}/api/tasks");
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal($"https://{Domain}/api/tasks", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task EveryTlsServerOfTheEdgeNegotiatesHttp2()
    {
        // ALPN is answered by the server the SNI name selects, so each TLS server must switch HTTP/2 on for itself
        // (`http2 on;` from nginx 1.25.1); a foreign name meets the catch-all.
        var settings = fixture.Plan.Settings;
        string[] names =
        [
            Domain,
            .. settings.Cloudflare.Www ? [Infra.Blueprint.Settings.CloudflareSettings.WwwOf(Domain)] : Array.Empty<string>(),
            .. settings.Monitoring.Enabled ? [settings.Monitoring.GrafanaHostname] : Array.Empty<string>(),
            "not-ours.invalid",
        ];
        foreach (var name in names)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Parse(fixture.Node.Address), Infra.Blueprint.Edge.EdgeRuntime.PublicHttpsPort);
            await using var tls = new SslStream(tcp.GetStream());
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = name,
                ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
                // The tier's origin certificate is self-signed (Cloudflare's origin CA signs the real one).
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            }, timeout.Token);

            Assert.True(tls.NegotiatedApplicationProtocol == SslApplicationProtocol.Http2,
                $"the edge's TLS server for {name} chose ALPN '{tls.NegotiatedApplicationProtocol}', not h2: HTTP/2 is off there");
        }

        // And the app answers over it.
        using var client = Edge.Client(fixture.Node, Domain);
        using var request = new HttpRequestMessage(HttpMethod.Get, settings.App.ProbePath) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK && response.Version == HttpVersion.Version20,
            $"{settings.App.ProbePath} through the edge over HTTP/2: {(int)response.StatusCode} over HTTP/{response.Version}");
    }
}
