using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Infra.Swarm.Tests;

/// <summary>
/// Docker Engine API over a node's unix socket. Services are created from the blueprint's JSON as it is (see
/// <see cref="Infra.Blueprint.Swarm.SwarmJson"/>): the request body is the record, with ids filled in, not a re-typed copy.
/// </summary>
public sealed class EngineApi(string socket) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, token) =>
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), token);
            return new NetworkStream(s, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri("http://engine/v1.41/"), Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>GET a JSON document.</summary>
    public async Task<JsonNode> Get(string path)
    {
        using var response = await http.GetAsync(path);
        return await Read(response, "GET", path) ?? throw new InvalidOperationException($"GET {path}: empty answer");
    }

    /// <summary>POST a JSON body; returns the answer (null when empty).</summary>
    public async Task<JsonNode?> Post(string path, JsonNode? body = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body?.ToJsonString() ?? "{}", Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        using var response = await http.SendAsync(request);
        return await Read(response, "POST", path);
    }

    /// <summary>DELETE; a missing object is not an error.</summary>
    public async Task Delete(string path)
    {
        using var response = await http.DeleteAsync(path);
        if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            await Read(response, "DELETE", path);
        }
    }

    /// <summary>Whether the engine answers.</summary>
    public async Task<bool> Ping()
    {
        try
        {
            using var response = await http.GetAsync("_ping");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public void Dispose() => http.Dispose();

    private static async Task<JsonNode?> Read(HttpResponseMessage response, string method, string path)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text.Trim()}");
        }

        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}
