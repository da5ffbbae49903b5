using System.Text.RegularExpressions;

namespace Infra.Blueprint.Settings;

public sealed partial class SettingsReader
{
    private EdgeSettings ReadEdge() => new(
        Int(ConfigKeys.EdgeClientMaxBodyMb, 1, 1024),
        Int(ConfigKeys.EdgeRateLimitPerSecond, 1, 100_000),
        Int(ConfigKeys.EdgeRateLimitBurst, 0, 100_000),
        PathPrefixes(ConfigKeys.EdgeAuthPaths),
        Int(ConfigKeys.EdgeAuthRateLimitPerMinute, 1, 100_000),
        Int(ConfigKeys.EdgeConnectionsPerIp, 1, 100_000),
        Int(ConfigKeys.EdgeHstsMaxAgeSeconds, 0, 63_072_000),
        Bool(ConfigKeys.EdgeHstsPreload),
        ContentSecurityPolicy(),
        HeaderValue(ConfigKeys.EdgePermissionsPolicy),
        Bool(ConfigKeys.EdgeCloudflareOnly),
        Int(ConfigKeys.EdgeUpstreamMaxFails, 1, 100),
        Int(ConfigKeys.EdgeUpstreamFailTimeoutSeconds, 1, 600),
        Int(ConfigKeys.EdgeUpstreamKeepalive, 0, 10_000),
        Int(ConfigKeys.EdgeProxyNextUpstreamTries, 1, 10),
        Int(ConfigKeys.EdgeProxyConnectTimeoutSeconds, 1, 60),
        Int(ConfigKeys.EdgeProxyReadTimeoutSeconds, 1, 3600),
        PathPrefixes(ConfigKeys.EdgeStaticPaths),
        Bool(ConfigKeys.EdgeGzip),
        Bool(ConfigKeys.EdgeMaintenance),
        Int(ConfigKeys.EdgeMaintenanceRetryAfterSeconds, 1, 86_400),
        Int(ConfigKeys.EdgeMaxWebSockets, 1, 1_000_000),
        Int(ConfigKeys.EdgeMaxWebSocketsPerReplica, 1, 1_000_000));

    private IReadOnlyList<string> PathPrefixes(ConfigKey key)
    {
        var paths = List(key);
        for (var i = 0; i < paths.Count; i++)
        {
            if (!PathPrefixPattern().IsMatch(paths[i]))
            {
                Error($"{key.FullName}[{i}]", $"'{paths[i]}' is not a path prefix; use a path such as /login or /assets/ (letters, digits, '-', '_', '.', '/')");
            }
            else if (paths.Take(i).Contains(paths[i]))
            {
                Error($"{key.FullName}[{i}]", $"'{paths[i]}' is listed twice");
            }
        }

        return paths;
    }

    // A header value goes into nginx between double quotes: no quote, backslash or control character may end it early.
    private string HeaderValue(ConfigKey key)
    {
        var value = Text(key);
        if (value.Any(ch => ch is '"' or '\\' or '$' || char.IsControl(ch)))
        {
            Error(key.FullName, "must not contain double quotes, backslashes, '$' or control characters; use single quotes inside the policy");
        }

        return value;
    }

    // connect-src decides where scripts may send data: a bare scheme (wss:) or '*' lets them reach any host.
    private string ContentSecurityPolicy()
    {
        var key = ConfigKeys.EdgeContentSecurityPolicy;
        var value = HeaderValue(key);
        var connect = value.Split(';').Select(d => d.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(d => d.Length > 0 && d[0] == "connect-src");
        foreach (var source in connect?.Skip(1) ?? [])
        {
            if (source == "*" || source.EndsWith(':'))
            {
                Error(key.FullName, $"connect-src '{source}' lets scripts connect to any host; name the origin, e.g. wss://{{domain}}");
            }
        }

        return value;
    }

    [GeneratedRegex("^/[A-Za-z0-9._/-]*$")]
    private static partial Regex PathPrefixPattern();
}
