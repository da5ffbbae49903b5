using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Blueprint.Edge;
using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;

namespace Infra.TestKit;

/// <summary>
/// The seam to Cloudflare: the two calls of its DNS API (v4) that the edge update's rendered scripts make, on 127.0.0.1,
/// over a zone seeded with the plan's records. <c>GET /zones/{zone}/dns_records</c> filters by exact name, type and
/// content; <c>PATCH /zones/{zone}/dns_records/{id}</c> updates the fields it is given and, like Cloudflare, refuses a
/// record identical to another (code 81058). A wrong token gets 403, another zone 404, both with <c>"success":false</c>.
/// </summary>
public sealed class CloudflareApiStandIn : IDisposable
{
    /// <summary>The token the stand-in accepts.</summary>
    public const string Token = "stand-in-cloudflare-token";

    private readonly HttpListener _listener;
    private readonly object _gate = new();
    private readonly List<Record> _records;
    private readonly string _zone;
    private readonly Task _serving;

    /// <summary>A record of the zone, with the id Cloudflare gave it.</summary>
    public sealed record Record(string Id, string Name, string Type, string Content, bool Proxied, int Ttl);

    /// <summary>Starts serving the zone of <paramref name="plan"/> with its records, each under a fresh id.</summary>
    public CloudflareApiStandIn(Plan plan)
    {
        _zone = plan.Settings.Cloudflare.ZoneId;
        _records = [.. plan.DnsRecords.Select(r => new Record(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), r.Name, r.Type, r.Content, r.Proxied, r.Ttl))];
        // A port found free can be taken before Start binds it (tests run in parallel). A listener whose Start failed is
        // disposed by it, so each attempt gets a fresh one.
        for (var attempt = 0; ; attempt++)
        {
            Port = Loopback.FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                listener.Start();
                _listener = listener;
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }

        _serving = Task.Run(ServeAsync);
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>The API's base URL, as the scripts take it in <see cref="EdgeDnsScript.ApiVariable"/>.</summary>
    public string Api => $"http://127.0.0.1:{Port}/client/v4";

    /// <summary>Called after each change with the zone's records.</summary>
    public event Action<IReadOnlyList<Record>>? Changed;

    /// <summary>The zone's records now.</summary>
    public IReadOnlyList<Record> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records];
            }
        }
    }

    /// <summary>
    /// Runs a rendered script as the Pulumi layer does (<c>bash -s</c>, the token exported on standard input), pointed at
    /// this stand-in, with a drain of <paramref name="drainSeconds"/>. Returns its exit code and output.
    /// </summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string script, int drainSeconds = 0, string token = Token)
    {
        var stdin = SwarmScripts.WithEnvironment(script, new Dictionary<string, string>
        {
            [EdgeDnsScript.TokenVariable] = token,
            [EdgeDnsScript.ApiVariable] = Api,
            [EdgeDnsScript.DrainVariable] = drainSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var process = Process.Start(new ProcessStartInfo("bash", "-s") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60 + drainSeconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the script did not finish within {60 + drainSeconds} s:\n{await error}");
        }

        return (process.ExitCode, await output + await error);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var response = context.Response;
            var (status, body) = await AnswerAsync(context.Request);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
            response.StatusCode = status;
            response.ContentType = "application/json";
            await response.OutputStream.WriteAsync(bytes);
        }
    }

    private async Task<(int Status, JsonObject Body)> AnswerAsync(HttpListenerRequest request)
    {
        if (request.Headers["Authorization"] != $"Bearer {Token}")
        {
            return Failure(403, 10000, "Authentication error");
        }

        var prefix = $"/client/v4/zones/{_zone}/dns_records";
        var path = request.Url!.AbsolutePath;
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return Failure(404, 7003, "Could not route to " + path);
        }

        lock (_gate)
        {
            if (request.HttpMethod == "GET" && path == prefix)
            {
                var query = request.QueryString;
                var matches = _records.Where(r => (query["name"] is not { } n || r.Name == n) && (query["type"] is not { } t || r.Type == t) && (query["content"] is not { } c || r.Content == c));
                return (200, Success(new JsonArray([.. matches.Select(ToJson)])));
            }
        }

        if (request.HttpMethod == "PATCH" && path.Length > prefix.Length + 1)
        {
            var id = path[(prefix.Length + 1)..];
            using var reader = new StreamReader(request.InputStream);
            var patch = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
            IReadOnlyList<Record> now;
            Record updated;
            lock (_gate)
            {
                var index = _records.FindIndex(r => r.Id == id);
                if (index < 0)
                {
                    return Failure(404, 81044, "Record does not exist.");
                }

                var old = _records[index];
                updated = old with
                {
                    Name = (string?)patch["name"] ?? old.Name,
                    Type = (string?)patch["type"] ?? old.Type,
                    Content = (string?)patch["content"] ?? old.Content,
                    Proxied = (bool?)patch["proxied"] ?? old.Proxied,
                    Ttl = (int?)patch["ttl"] ?? old.Ttl,
                };
                if (_records.Any(r => r.Id != id && (r.Name, r.Type, r.Content) == (updated.Name, updated.Type, updated.Content)))
                {
                    return Failure(400, 81058, "An identical record already exists.");
                }

                _records[index] = updated;
                now = [.. _records];
            }

            Changed?.Invoke(now);
            return (200, Success(ToJson(updated)));
        }

        return Failure(405, 10405, $"{request.HttpMethod} {path} is not one of the stand-in's two calls");
    }

    private static JsonObject ToJson(Record r) => new()
    {
        ["id"] = r.Id,
        ["name"] = r.Name,
        ["type"] = r.Type,
        ["content"] = r.Content,
        ["proxied"] = r.Proxied,
        ["ttl"] = r.Ttl,
    };

    private static JsonObject Success(JsonNode result) => new() { ["success"] = true, ["errors"] = new JsonArray(), ["messages"] = new JsonArray(), ["result"] = result };

    private static (int, JsonObject) Failure(int status, int code, string message) =>
        (status, new JsonObject { ["success"] = false, ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message }), ["messages"] = new JsonArray(), ["result"] = null });
}
