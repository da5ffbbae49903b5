using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Infra.Blueprint.Edge;
using Infra.Blueprint.Settings;
using Infra.Contract;

namespace Infra.Cli.Verify;

/// <summary>
/// What <c>verify</c> talks to and what it expects back. From a stack file: the domain, the Grafana host name, the
/// readiness path and the exact header values the edge renders for those settings; from a bare URL: the contract's
/// paths and the edge's header names. Ports, paths and headers are read from the contract and the blueprint.
/// </summary>
/// <param name="Url">The app's HTTPS origin (<c>https://host[:port]</c>).</param>
/// <param name="HttpPort">The edge's plain HTTP port, whose answer must be a redirect to HTTPS.</param>
/// <param name="GrafanaHost">Grafana's host name, served by the same edge on the same port; null when unknown or off.</param>
/// <param name="ProbePath">A path of the app that answers 200 only when it can read its database (<c>infra:app.probePath</c>).</param>
/// <param name="ExpectedHeaders">Headers every response carries; a null value means "present, any value".</param>
/// <param name="Resolve">Host names pinned to addresses (curl's <c>--resolve</c>): how to reach an origin past DNS.</param>
/// <param name="TrustedRoots">Certificates trusted as roots instead of the system's (an origin or self-signed certificate); null for the system's.</param>
public sealed record VerifyTarget(
    Uri Url,
    int HttpPort,
    string? GrafanaHost,
    string ProbePath,
    IReadOnlyList<KeyValuePair<string, string?>> ExpectedHeaders,
    IReadOnlyDictionary<string, IPAddress> Resolve,
    X509Certificate2Collection? TrustedRoots)
{
    /// <summary>The reference app's probe, for a target known only by its URL (the default of <c>infra:app.probePath</c>).</summary>
    public const string ProbePathDefault = "/api/tasks";

    /// <summary>The platform's own paths, which the edge keeps internal: each must answer 404 through it.</summary>
    public static IReadOnlyList<string> InternalPaths { get; } = [AppContract.Paths.Ready, AppContract.Paths.Started, AppContract.Paths.Health, AppContract.Paths.Metrics];

    /// <summary>The app's host name.</summary>
    public string Host => Url.Host;

    /// <summary>A target for a stack's settings; <paramref name="url"/> overrides <c>https://{domain}</c> (e.g. to add a port).</summary>
    public static VerifyTarget ForStack(StackSettings settings, Uri? url, int? httpPort, IReadOnlyDictionary<string, IPAddress> resolve, X509Certificate2Collection? trustedRoots) => new(
        url ?? new Uri($"https://{settings.Domain}"),
        httpPort ?? EdgeRuntime.PublicHttpPort,
        settings.Monitoring.Enabled ? settings.Monitoring.GrafanaHostname : null,
        settings.App.ProbePath,
        [.. NginxConfig.SecurityHeaders(settings.Edge).Select(h => new KeyValuePair<string, string?>(h.Key, h.Value))],
        resolve,
        trustedRoots);

    /// <summary>A target known only by its URL: the contract's paths, the edge's header names, no Grafana.</summary>
    public static VerifyTarget ForUrl(Uri url, int? httpPort, IReadOnlyDictionary<string, IPAddress> resolve, X509Certificate2Collection? trustedRoots) => new(
        url,
        httpPort ?? EdgeRuntime.PublicHttpPort,
        null,
        ProbePathDefault,
        [.. NginxConfig.SecurityHeaderNames.Select(h => new KeyValuePair<string, string?>(h, null))],
        resolve,
        trustedRoots);

    /// <summary>Reads <c>--resolve host:address</c> values; problems are added to <paramref name="errors"/>.</summary>
    public static Dictionary<string, IPAddress> ParseResolve(IEnumerable<string> values, List<string> errors)
    {
        var pins = new Dictionary<string, IPAddress>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
        {
            // host:address, or curl's host:port:address (the port is ignored: the URL carries it).
            var parts = value.Split(':', 2);
            var address = parts.Length == 2 ? parts[1] : "";
            if (address.Split(':', 2) is [var port, var rest] && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out _) && !IPAddress.TryParse(address, out _))
            {
                address = rest;
            }

            if (parts.Length != 2 || parts[0].Length == 0 || !IPAddress.TryParse(address.Trim('[', ']'), out var ip))
            {
                errors.Add($"--resolve {value}: expected host:address, e.g. --resolve app.example.com:203.0.113.10");
                continue;
            }

            pins[parts[0]] = ip;
        }

        return pins;
    }

    /// <summary>Loads the PEM certificates of <c>--ca FILE</c>; a problem is added to <paramref name="errors"/>.</summary>
    public static X509Certificate2Collection? LoadRoots(FileInfo? file, List<string> errors)
    {
        if (file is null)
        {
            return null;
        }

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(file.FullName);
        }
        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException)
        {
            errors.Add($"--ca {file.FullName}: {e.Message}; give a PEM file holding the CA (or self-signed) certificate");
            return null;
        }

        if (roots.Count == 0)
        {
            errors.Add($"--ca {file.FullName}: no PEM certificate in the file; give a file with -----BEGIN CERTIFICATE-----");
            return null;
        }

        return roots;
    }
}
