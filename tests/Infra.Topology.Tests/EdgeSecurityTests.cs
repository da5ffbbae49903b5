using System.Net;
using System.Text.Json;
using Infra.Blueprint.Edge;
using Infra.Loopback;
using Infra.TestKit;

namespace Infra.Topology.Tests;

/// <summary>Scenarios 5 and 6: TLS, security headers, rate limits and the real client IP, as clients see them through nginx.</summary>
[Collection(TopologyCollection.Name)]
public sealed class EdgeSecurityTests(TopologyFixture fixture)
{
    // Each test sends from its own loopback address, so per-IP limits one test used up do not leak into another.
    private static readonly IPAddress HeadersClient = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress RateLimitedClient = IPAddress.Parse("127.0.0.4");
    private static readonly IPAddress AuthClient = IPAddress.Parse("127.0.0.5");
    private static readonly IPAddress StandInCloudflare = IPAddress.Parse("127.0.0.2");
    private readonly LoopbackTopology _topology = fixture.Topology;

    [Theory]
    [InlineData("-tls1_3", true)]
    [InlineData("-tls1_2", true)]
    [InlineData("-tls1_1", false)]
    [InlineData("-tls1", false)]
    public void OnlyTls12And13AreSpoken(string protocol, bool accepted)
    {
        // SECLEVEL=0 lets the client offer the old protocols at all: the refusal must come from nginx.
        var result = SClient(protocol, "-cipher", "DEFAULT@SECLEVEL=0");

        Assert.True(accepted == (result.ExitCode == 0), $"openssl s_client {protocol} {(accepted ? "failed" : "connected")}:\n{result.Output}");
        if (!accepted)
        {
            Assert.Contains("alert protocol version", result.Output);
        }
    }

    [Theory]
    [InlineData("ECDHE-ECDSA-AES128-GCM-SHA256", true)]
    [InlineData("ECDHE-ECDSA-AES256-GCM-SHA384", true)]
    [InlineData("ECDHE-ECDSA-CHACHA20-POLY1305", true)]
    [InlineData("ECDHE-ECDSA-AES128-SHA256", false)]
    [InlineData("ECDHE-ECDSA-AES256-SHA", false)]
    [InlineData("AES128-GCM-SHA256", false)]
    public void Tls12OffersOnlyEcdheAeadCiphers(string cipher, bool accepted)
    {
        var result = SClient("-tls1_2", "-cipher", cipher);

        Assert.True(accepted == (result.ExitCode == 0), $"TLS 1.2 with {cipher} {(accepted ? "failed" : "connected")}:\n{result.Output}");
        Assert.All(NginxConfig.Ciphers.Split(':'), c => Assert.Matches("^ECDHE-(ECDSA|RSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$", c));
    }

    [Fact]
    public void EverySecurityHeaderAppearsOnceOnEveryKindOfResponse()
    {
        var task = Curl.Send(fixture.TaskUrl, HeadersClient);
        var missing = Curl.Send(new Uri(_topology.HttpsAddress, "/api/tasks/999999999"), HeadersClient);
        var metrics = Curl.Send(new Uri(_topology.HttpsAddress, "/metrics"), HeadersClient);
        var asset = Curl.Send(new Uri(_topology.HttpsAddress, "/static/app.js"), HeadersClient);
        var limited = Enumerable.Range(0, 20).Select(_ => Curl.Send(new Uri(_topology.HttpsAddress, "/api/auth/login"), HeadersClient)).First(r => r.Status == 429);

        Assert.Equal(200, task.Status);
        Assert.Equal(404, missing.Status);
        Assert.Equal(404, metrics.Status);
        // The app has no such file: a 404, which must not be cached for a year (EdgeRoutingTests has the rule).
        Assert.Equal(404, asset.Status);
        foreach (var response in new[] { task, missing, metrics, asset, limited })
        {
            foreach (var header in NginxConfig.SecurityHeaderNames)
            {
                Assert.True(response.All(header).Count == 1, $"{header} appears {response.All(header).Count} times on a {response.Status}:\n{response.Raw}");
            }
        }
    }

    [Fact]
    public async Task ExceedingTheRateLimitGets429WithRetryAfterAndAProblem()
    {
        await _topology.ReconfigureEdgeAsync(new TopologyOptions
        {
            Settings = new Dictionary<string, string>(TopologyOptions.LoadSettings) { ["edge.rateLimitPerSecond"] = "1", ["edge.rateLimitBurst"] = "3" },
        });
        try
        {
            var burst = Enumerable.Range(0, 10).Select(_ => Curl.Send(fixture.TaskUrl, RateLimitedClient)).ToList();
            var auth = Enumerable.Range(0, 10).Select(_ => Curl.Send(new Uri(_topology.HttpsAddress, "/api/auth/login"), AuthClient)).ToList();

            Assert.Equal(200, burst[0].Status);
            var limited = burst.First(r => r.Status == 429);
            Assert.Equal("1", Assert.Single(limited.All("Retry-After")));
            Assert.Equal("application/problem+json", Assert.Single(limited.All("Content-Type")));
            Assert.Equal(429, JsonDocument.Parse(limited.Body).RootElement.GetProperty("status").GetInt32());
            Assert.NotEqual(429, auth[0].Status);
            Assert.Equal("60", Assert.Single(auth.First(r => r.Status == 429).All("Retry-After")));
        }
        finally
        {
            await _topology.ReconfigureEdgeAsync(new TopologyOptions());
        }
    }

    [Fact]
    public async Task TheClientIpComesFromCfConnectingIpOnlyWhenThePeerIsCloudflare()
    {
        await _topology.ReconfigureEdgeAsync(new TopologyOptions
        {
            Settings = new Dictionary<string, string>(TopologyOptions.LoadSettings) { ["edge.cloudflareOnly"] = "true" },
            TrustedProxies = [$"{StandInCloudflare}/32"],
        });
        try
        {
            var viaCloudflare = Curl.Send(Probe("cloudflare", out var cloudflareUri), StandInCloudflare, "GET", "CF-Connecting-IP: 198.51.100.7");
            var direct = Curl.Send(Probe("direct", out var directUri), IPAddress.Loopback, "GET", "CF-Connecting-IP: 198.51.100.7");

            Assert.Equal(200, viaCloudflare.Status);
            var trusted = Entry(cloudflareUri);
            Assert.Equal("198.51.100.7", trusted.GetProperty("client").GetString());
            Assert.Equal("127.0.0.2", trusted.GetProperty("peer").GetString());
            // 444: nginx closes the connection without an answer; curl gets no status line at all.
            Assert.True(direct.ExitCode != 0 && direct.Status == 0, $"an untrusted peer got an answer:\n{direct.Raw}");
            var refused = Entry(directUri);
            Assert.Equal(444, refused.GetProperty("status").GetInt32());
            Assert.Equal("127.0.0.1", refused.GetProperty("client").GetString());
        }
        finally
        {
            await _topology.ReconfigureEdgeAsync(new TopologyOptions());
        }
    }

    private Uri Probe(string name, out string requestUri)
    {
        requestUri = $"{fixture.TaskUrl.AbsolutePath}?probe={name}-{Guid.NewGuid():N}";
        return new Uri(_topology.HttpsAddress, requestUri);
    }

    private JsonElement Entry(string requestUri)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var entry = _topology.Nginx.AccessLog().Where(e => e.GetProperty("uri").GetString() == requestUri).ToList();
            if (entry.Count == 1 || DateTime.UtcNow > deadline)
            {
                return Assert.Single(entry);
            }

            Thread.Sleep(50);
        }
    }

    // s_client reads what to send from stdin; a closed stdin makes it handshake, print the session and quit.
    private (int ExitCode, string Output) SClient(params string[] options)
    {
        var openssl = Tools.Require("openssl", "openssl");
        var client = ChildProcess.Start(openssl, ["s_client", "-connect", $"127.0.0.1:{_topology.HttpsAddress.Port}", "-servername", "localhost", .. options]);
        client.StandardInput.Close();
        var exitCode = client.WaitForExitAsync(TimeSpan.FromSeconds(15)).GetAwaiter().GetResult();
        client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return (exitCode, client.OutputText);
    }
}
