using System.Net;
using Infra.App.Tests.Fixtures;

namespace Infra.App.Tests.Security;

[Collection(PlatformCollection.Name)]
public sealed class SecurityHeadersTests(Platform platform)
{
    [Fact]
    public async Task SuccessAndErrorResponsesCarryTheSecurityHeaders()
    {
        await using var app = await platform.StartAppAsync();

        foreach (var path in new[] { "/api/tasks", "/nope", "/api/tasks?limit=0" })
        {
            using var response = await app.Client.GetAsync(path);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
            Assert.Contains("default-src 'none'", Header(response, "Content-Security-Policy"));
            Assert.Equal("no-store", Header(response, "Cache-Control"));
            Assert.False(response.Headers.Contains("Server"), $"{path} names the server");
        }
    }

    [Fact]
    public async Task CorsAllowsOnlyTheConfiguredOrigins()
    {
        await using var app = await platform.StartAppAsync();

        using var allowed = await app.Client.SendAsync(Preflight("https://app.example.com"));
        using var refused = await app.Client.SendAsync(Preflight("https://evil.example"));

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("https://app.example.com", Header(allowed, "Access-Control-Allow-Origin"));
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string origin) => new(HttpMethod.Options, "/api/tasks")
    {
        Headers = { { "Origin", origin }, { "Access-Control-Request-Method", "POST" }, { "Access-Control-Request-Headers", "content-type" } },
    };

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : "";
}
