using System.Net;
using Infra.Loopback;

namespace Infra.Topology.Tests;

/// <summary>
/// What the edge forwards and to whom, through the rendered nginx on loopback: only the configured name is served,
/// redirects and the upstream Host never come from the client, the platform's paths stay internal in any spelling,
/// errors are not cached for a year, dynamic JSON is not compressed and the app's stricter headers survive.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class EdgeRoutingTests(TopologyFixture fixture)
{
    private readonly LoopbackTopology _topology = fixture.Topology;

    private string Domain => _topology.CurrentSettings.Domain;

    private int Https => _topology.HttpsAddress.Port;

    private int Http => _topology.HttpAddress.Port;

    [Theory]
    [InlineData("GET /api/tasks HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")]
    [InlineData("GET https://evil.example/api/tasks HTTP/1.1\r\nHost: {domain}\r\nConnection: close\r\n\r\n")]
    [InlineData("GET /ws HTTP/1.1\r\nHost: evil.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: https://evil.example\r\n\r\n")]
    public async Task AForeignHostGetsNothing(string request)
    {
        var tls = await RawHttp.SendAsync(Https, request.Replace("{domain}", Domain, StringComparison.Ordinal), Domain);
        var plain = await RawHttp.SendAsync(Http, request.Replace("{domain}", Domain, StringComparison.Ordinal), serverName: null);

        Assert.True(tls.ClosedWithoutReply, $"HTTPS answered a foreign host:\n{tls.Text}");
        Assert.True(plain.ClosedWithoutReply, $"port 80 answered a foreign host:\n{plain.Text}");
    }

    [Fact]
    public async Task PlainHttpRedirectsToTheConfiguredNameNotTheClientsHost()
    {
        var response = await RawHttp.SendAsync(Http, $"GET /api/tasks?x=1 HTTP/1.1\r\nHost: {Domain}\r\nConnection: close\r\n\r\n", serverName: null);

        Assert.Equal(301, response.Status);
        Assert.Equal($"https://{Domain}/api/tasks?x=1", response.Header("Location"));
    }

    // Every spelling a client might try of the paths the edge must not forward. nginx matches the decoded,
    // slash-merged path; the app serves metrics only on its own port, so a miss would still be a 404.
    [Theory]
    [InlineData("/metrics")]
    [InlineData("/METRICS")]
    [InlineData("/Metrics")]
    [InlineData("/metrics/")]
    [InlineData("/metrics%2F")]
    [InlineData("/%6Detrics")]
    [InlineData("/%4D%45%54%52%49%43%53")]
    [InlineData("//metrics")]
    [InlineData("/./metrics")]
    [InlineData("/static/../metrics")]
    [InlineData("/metrics?format=text")]
    [InlineData("/health")]
    [InlineData("/HEALTH")]
    [InlineData("/health/")]
    [InlineData("/health/ready")]
    [InlineData("/Health/Ready")]
    [InlineData("/health/ready/")]
    [InlineData("/health/started")]
    [InlineData("/health%2Fready")]
    [InlineData("/health/live/")]
    [InlineData("/HEALTH/LIVE")]
    public async Task ThePlatformsPathsAreNotReachableInAnySpelling(string path)
    {
        var response = await RawHttp.SendAsync(Https, $"GET {path} HTTP/1.1\r\nHost: {Domain}\r\nConnection: close\r\n\r\n", Domain);

        Assert.True(response.Status == 404, $"GET {path} answered {response.Status}, not 404:\n{response.Text}");
        Assert.DoesNotContain("# TYPE", response.Text);
        Assert.DoesNotContain("uptime", response.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OnlyLivenessIsForwardedForThePublicProbe()
    {
        var response = await RawHttp.SendAsync(Https, $"GET /health/live HTTP/1.1\r\nHost: {Domain}\r\nConnection: close\r\n\r\n", Domain);

        Assert.Equal(200, response.Status);
        Assert.DoesNotContain("postgres", response.Text);
    }

    // Each spelling from its own address: the auth limit is per client IP.
    [Theory]
    [InlineData("/API/auth/login", "127.0.0.61")]
    [InlineData("/Api/Auth/Login", "127.0.0.62")]
    [InlineData("/api%2Fauth/login", "127.0.0.63")]
    [InlineData("//api/auth/login", "127.0.0.64")]
    [InlineData("/LOGIN", "127.0.0.65")]
    public async Task EverySpellingOfAnAuthPathMeetsTheAuthRateLimit(string path, string client)
    {
        var statuses = new List<RawResponse>();
        for (var i = 0; i < 10; i++)
        {
            statuses.Add(await RawHttp.SendAsync(Https, $"GET {path} HTTP/1.1\r\nHost: {Domain}\r\nConnection: close\r\n\r\n", Domain, IPAddress.Parse(client)));
        }

        var limited = statuses.FirstOrDefault(r => r.Status == 429);
        Assert.True(limited is not null, $"10 requests to {path} got {string.Join(", ", statuses.Select(r => r.Status))}: no 429");
        Assert.Equal("60", limited.Header("Retry-After"));
    }

    [Fact]
    public void AStaticPathsErrorIsNotCachedForAYear()
    {
        var missing = Curl.Send(new Uri(_topology.HttpsAddress, "/static/app.3f2a1b.js"));

        Assert.Equal(404, missing.Status);
        Assert.Equal("no-store", Assert.Single(missing.All("Cache-Control")));
    }

    [Fact]
    public void DynamicJsonIsNotCompressed()
    {
        var task = Curl.Send(fixture.TaskUrl, IPAddress.Loopback, "GET", "Accept-Encoding: gzip, br");
        var problem = Curl.Send(new Uri(_topology.HttpsAddress, $"/api/tasks/999999999?q={new string('a', 2000)}"), IPAddress.Loopback, "GET", "Accept-Encoding: gzip");

        Assert.Equal(200, task.Status);
        Assert.Empty(task.All("Content-Encoding"));
        Assert.Empty(problem.All("Content-Encoding"));
    }

    [Fact]
    public void TheAppsStricterHeadersAreKeptAndTheEdgesFillInWhereItHasNone()
    {
        var fromApp = Curl.Send(fixture.TaskUrl);
        var fromNginx = Curl.Send(new Uri(_topology.HttpsAddress, "/metrics"));

        Assert.Equal("default-src 'none'; frame-ancestors 'none'; base-uri 'none'", Assert.Single(fromApp.All("Content-Security-Policy")));
        Assert.Equal("no-referrer", Assert.Single(fromApp.All("Referrer-Policy")));
        var edgePolicy = Assert.Single(fromNginx.All("Content-Security-Policy"));
        Assert.Contains($"connect-src 'self' wss://{Domain};", edgePolicy);
        Assert.DoesNotContain("wss:;", edgePolicy);
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(fromNginx.All("Referrer-Policy")));
    }

    [Fact]
    public async Task AWebSocketFromAForeignOriginIsRefusedAtTheEdge()
    {
        var (foreign, foreignConnection) = await RawHttp.UpgradeAsync(Https, Domain, "https://evil.example");
        var (own, ownConnection) = await RawHttp.UpgradeAsync(Https, Domain, $"https://{Domain}");
        foreignConnection.Dispose();
        ownConnection.Dispose();

        Assert.Equal(403, foreign);
        // The app checks Origin against the Host it gets: the configured name, whatever the client sent.
        Assert.Equal(101, own);
    }
}
