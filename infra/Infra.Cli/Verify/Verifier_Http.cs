using System.Net;
using System.Text.Json;
using Infra.Contract;

namespace Infra.Cli.Verify;

// The checks that are one HTTP exchange each: health paths, redirect, headers, Grafana.
public sealed partial class Verifier
{
    // The statuses of the health JSON a replica in rotation reports (app/CONTRACT.md).
    private static readonly string[] ServingStatuses = ["healthy", "degraded"];

    private async Task<CheckResult> ReadinessAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var (status, body) = await GetJsonAsync(client, At(target.ReadinessPath), cancellationToken);
        var state = Field(body, "status");
        return status == HttpStatusCode.OK && ServingStatuses.Contains(state)
            ? CheckResult.Pass(Checks.Readiness, $"{target.ReadinessPath}: 200 {state}")
            : CheckResult.Fail(Checks.Readiness, $"{target.ReadinessPath}: {(int)status} {state}{Unhealthy(body)}; expected 200 healthy");
    }

    private async Task<CheckResult> HealthAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var (status, body) = await GetJsonAsync(client, At(AppContract.Paths.Health), cancellationToken);
        var checks = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("checks", out var c) && c.ValueKind == JsonValueKind.Object
            ? c.EnumerateObject().Select(p => (p.Name, Status: Field(p.Value, "status"))).ToList()
            : [];
        var summary = string.Join(", ", checks.Select(x => $"{x.Name} {x.Status}"));
        return status == HttpStatusCode.OK && Field(body, "status") == "healthy" && checks.Count > 0 && checks.All(x => x.Status == "healthy")
            ? CheckResult.Pass(Checks.Health, $"{AppContract.Paths.Health}: {summary}")
            : CheckResult.Fail(Checks.Health, $"{AppContract.Paths.Health}: {(int)status} {Field(body, "status")}{(checks.Count > 0 ? $" ({summary})" : "")}{Unhealthy(body)}; expected every dependency healthy");
    }

    private async Task<CheckResult> LivenessAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(At(AppContract.Paths.Live), cancellationToken);
        return response.StatusCode == HttpStatusCode.OK
            ? CheckResult.Pass(Checks.Liveness, $"{AppContract.Paths.Live}: 200")
            : CheckResult.Fail(Checks.Liveness, $"{AppContract.Paths.Live}: {(int)response.StatusCode}; expected 200");
    }

    private async Task<CheckResult> RedirectAsync(HttpClient client, CancellationToken cancellationToken)
    {
        const string probe = "/verify-redirect?probe=1";
        var http = new UriBuilder(Uri.UriSchemeHttp, target.Host, target.HttpPort, "").Uri;
        using var response = await client.GetAsync(new Uri(http, probe), cancellationToken);
        var location = response.Headers.Location?.ToString() ?? "";
        var expected = $"https://{target.Host}{probe}";
        return response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.PermanentRedirect && location == expected
            ? CheckResult.Pass(Checks.Redirect, $"http://{target.Host}:{target.HttpPort}: {(int)response.StatusCode} → {location}")
            : CheckResult.Fail(Checks.Redirect, $"http://{target.Host}:{target.HttpPort}{probe}: {(int)response.StatusCode} {location}; expected 301 to {expected}");
    }

    private async Task<CheckResult> HeadersAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(target.Url, cancellationToken);
        var problems = new List<string>();
        foreach (var (name, expected) in target.ExpectedHeaders)
        {
            var values = response.Headers.TryGetValues(name, out var found) ? found.ToList() : [];
            if (values.Count == 0)
            {
                problems.Add($"{name} missing");
            }
            else if (values.Count > 1)
            {
                problems.Add($"{name} sent {values.Count} times");
            }
            else if (expected is not null && values[0] != expected)
            {
                problems.Add($"{name} is '{values[0]}', expected '{expected}'");
            }
        }

        return problems.Count == 0
            ? CheckResult.Pass(Checks.Headers, string.Join(", ", target.ExpectedHeaders.Select(h => h.Key)))
            : CheckResult.Fail(Checks.Headers, string.Join("; ", problems));
    }

    // Grafana answers an anonymous request with a redirect to its login page (or 401 from its API): behind auth.
    private async Task<CheckResult> GrafanaAsync(HttpClient client, CancellationToken cancellationToken)
    {
        if (target.GrafanaHost is null)
        {
            return new CheckResult(Checks.Grafana, CheckOutcome.Skip, "no Grafana host name (give --stack for a stack with monitoring on)");
        }

        var url = new UriBuilder(target.Url) { Host = target.GrafanaHost, Path = "/" }.Uri;
        using var response = await client.GetAsync(url, cancellationToken);
        var location = response.Headers.Location?.ToString() ?? "";
        var behindLogin = response.StatusCode is HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect && location.Contains("/login", StringComparison.Ordinal);
        return behindLogin || response.StatusCode == HttpStatusCode.Unauthorized
            ? CheckResult.Pass(Checks.Grafana, $"{target.GrafanaHost}: {(int)response.StatusCode}{(location.Length > 0 ? $" → {location}" : "")}")
            : CheckResult.Fail(Checks.Grafana, $"{target.GrafanaHost}: {(int)response.StatusCode}{(location.Length > 0 ? $" → {location}" : "")}; expected a redirect to /login or 401 (Grafana answering, behind its login)");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetJsonAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(url, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
        }
        catch (JsonException)
        {
            return (response.StatusCode, default);
        }
    }

    private static string Field(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "(no JSON status)";

    // The errors the health report gives for dependencies that are not healthy.
    private static string Unhealthy(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("checks", out var checks) && checks.ValueKind == JsonValueKind.Object
            ? string.Concat(checks.EnumerateObject()
                .Where(c => c.Value.ValueKind == JsonValueKind.Object && c.Value.TryGetProperty("error", out _))
                .Select(c => $"; {c.Name}: {c.Value.GetProperty("error")}"))
            : "";
}
