using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Infra.App.Tests.Fixtures;
using Infra.Contract;

namespace Infra.App.Tests.Security;

[Collection(PlatformCollection.Name)]
public sealed class MalformedRequestTests(Platform platform)
{
    private static readonly (string Name, Func<long, HttpRequestMessage> Request, int Status)[] Cases =
    [
        ("truncated JSON", _ => Post("/api/tasks", "{"), 400),
        ("JSON array instead of object", _ => Post("/api/tasks", "[]"), 400),
        ("JSON null", _ => Post("/api/tasks", "null"), 400),
        ("empty object", _ => Post("/api/tasks", "{}"), 400),
        ("empty body", _ => Post("/api/tasks", ""), 400),
        ("title of the wrong type", _ => Post("/api/tasks", """{"title":5}"""), 400),
        ("title null", _ => Post("/api/tasks", """{"title":null}"""), 400),
        ("empty title", _ => Post("/api/tasks", """{"title":""}"""), 400),
        ("blank title", _ => Post("/api/tasks", """{"title":"   "}"""), 400),
        ("title too long", _ => Post("/api/tasks", $$"""{"title":"{{new string('x', 201)}}"}"""), 400),
        ("NUL in title", _ => Post("/api/tasks", """{"title":"a\u0000b"}"""), 400),
        ("unpaired surrogate in title", _ => Post("/api/tasks", """{"title":"\ud800"}"""), 400),
        ("invalid UTF-8", _ => new HttpRequestMessage(HttpMethod.Post, "/api/tasks") { Content = Bytes([(byte)'{', (byte)'"', 0xff, 0xfe, (byte)'"', (byte)':', (byte)'1', (byte)'}']) }, 400),
        ("unknown property", _ => Post("/api/tasks", """{"title":"x","owner":"me"}"""), 400),
        ("duplicate property", _ => Post("/api/tasks", """{"title":"a","title":"b"}"""), 400),
        ("nesting too deep", _ => Post("/api/tasks", $"{{\"title\":{new string('[', 100)}{new string(']', 100)}}}"), 400),
        ("text/plain body", _ => new HttpRequestMessage(HttpMethod.Post, "/api/tasks") { Content = new StringContent("""{"title":"x"}""", Encoding.UTF8, "text/plain") }, 415),
        ("body over the size limit", _ => Post("/api/tasks", $$"""{"title":"{{new string('x', 70_000)}}"}"""), 413),
        ("PUT without done", id => Put($"/api/tasks/{id}", """{"title":"x"}"""), 400),
        ("PUT with done as a string", id => Put($"/api/tasks/{id}", """{"title":"x","done":"yes"}"""), 400),
        ("non-numeric id", _ => new HttpRequestMessage(HttpMethod.Get, "/api/tasks/abc"), 404),
        ("id beyond 64 bits", _ => new HttpRequestMessage(HttpMethod.Get, "/api/tasks/99999999999999999999999"), 404),
        ("missing task", _ => new HttpRequestMessage(HttpMethod.Get, "/api/tasks/-1"), 404),
        ("PUT to a missing task", _ => Put("/api/tasks/0", """{"title":"x","done":false}"""), 404),
        ("limit not a number", _ => new HttpRequestMessage(HttpMethod.Get, "/api/tasks?limit=abc"), 400),
        ("limit zero", _ => new HttpRequestMessage(HttpMethod.Get, "/api/tasks?limit=0"), 400),
        ("limit too large", _ => new HttpRequestMessage(HttpMethod.Get, "/api/tasks?limit=1000"), 400),
        ("cursor not base64", _ => new HttpRequestMessage(HttpMethod.Get, "/api/tasks?cursor=%%%"), 400),
        ("cursor forged", _ => new HttpRequestMessage(HttpMethod.Get, "/api/tasks?cursor=AAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAA"), 400),
        ("method not allowed", id => new HttpRequestMessage(HttpMethod.Patch, $"/api/tasks/{id}"), 405),
        ("DELETE on the collection", _ => new HttpRequestMessage(HttpMethod.Delete, "/api/tasks"), 405),
        ("unknown path", _ => new HttpRequestMessage(HttpMethod.Get, "/nope"), 404),
        ("WebSocket path without upgrade", _ => new HttpRequestMessage(HttpMethod.Get, AppContract.Paths.WebSocket), 400),
    ];

    [Fact]
    public async Task EveryMalformedRequestGetsA4xxProblemWithoutInternals()
    {
        await using var app = await platform.StartAppAsync();
        var id = (await app.Client.CreateTaskAsync("target")).GetProperty("id").GetInt64();
        var failures = new List<string>();

        foreach (var (name, request, expected) in Cases)
        {
            using var message = request(id);
            using var response = await app.Client.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();
            var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                && JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32() == (int)response.StatusCode;
            if ((int)response.StatusCode != expected || !problem || body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal))
            {
                failures.Add($"{name}: {(int)response.StatusCode} {response.Content.Headers.ContentType} {body}");
            }
        }

        Assert.True(Cases.Length >= 20);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.DoesNotContain(app.Process.Output, line => line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal));
    }

    private static HttpRequestMessage Post(string path, string json) => new(HttpMethod.Post, path) { Content = Json(json) };

    private static HttpRequestMessage Put(string path, string json) => new(HttpMethod.Put, path) { Content = Json(json) };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static ByteArrayContent Bytes(byte[] bytes) => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
}
