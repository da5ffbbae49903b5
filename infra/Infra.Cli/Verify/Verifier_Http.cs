using System.Net;
using Infra.Contract;

namespace Infra.Cli.Verify;

// The checks that are one HTTP exchange each: health paths, redirect, headers, Grafana.
public sealed partial class Verifier
{
    // The app serves from its database through the edge: the probe path answers 200. The platform's readiness and
    // health reports are internal (the edge answers 404 for them), so this is what a client outside can see.
    private async Task<CheckResult> ReadinessAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(At(target.ProbePath), cancellationToken);
        return response.StatusCode == HttpStatusCode.OK
            ? CheckResult.Pass(Checks.Readiness, $"{target.ProbePath}: 200")
            : CheckResult.Fail(Checks.Readiness, $"{target.ProbePath}: {(int)response.StatusCode}; expected 200 (the app reading its database)");
    }

    // The health reports and metrics stay on the internal networks: through the edge each answers 404.
    private async Task<CheckResult> HealthAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var exposed = new List<string>();
        foreach (var path in VerifyTarget.InternalPaths)
        {
            using var response = await client.GetAsync(At(path), cancellationToken);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                exposed.Add($"{path}: {(int)response.StatusCode}");
            }
        }

        return exposed.Count == 0
            ? CheckResult.Pass(Checks.Health, $"{string.Join(", ", VerifyTarget.InternalPaths)}: 404, internal")
            : CheckResult.Fail(Checks.Health, $"{string.Join("; ", exposed)}; expected 404: the edge must keep the health reports and metrics internal");
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
}
