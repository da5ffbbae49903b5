namespace Infra.Cli.Verify;

/// <summary>The names of <c>verify</c>'s checks, in the order they run; the table, the JSON and the exit message use them.</summary>
public static class Checks
{
    /// <summary>The readiness path answers 200 with a serving status in its JSON.</summary>
    public const string Readiness = "readiness";

    /// <summary>The full health report: every dependency (database, Redis) healthy.</summary>
    public const string Health = "health";

    /// <summary>The liveness path answers 200.</summary>
    public const string Liveness = "liveness";

    /// <summary>The certificate chains to a trusted root, names the host, and is not about to expire.</summary>
    public const string Tls = "tls";

    /// <summary>Plain HTTP answers with a permanent redirect to the same URL over HTTPS.</summary>
    public const string Redirect = "redirect";

    /// <summary>HSTS and every security header the edge sets, with the values the stack's settings give.</summary>
    public const string Headers = "headers";

    /// <summary>A WebSocket upgrade on the app's WebSocket path, and one message received.</summary>
    public const string WebSocket = "websocket";

    /// <summary>The Grafana host name answers, and only behind its login.</summary>
    public const string Grafana = "grafana";

    /// <summary>A bounded load against the readiness path, judged against <see cref="LoadBar"/>.</summary>
    public const string Load = "load";

    public static IReadOnlyList<string> All { get; } = [Readiness, Health, Liveness, Tls, Redirect, Headers, WebSocket, Grafana, Load];
}
