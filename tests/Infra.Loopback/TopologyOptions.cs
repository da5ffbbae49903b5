using Infra.Blueprint.Edge;

namespace Infra.Loopback;

/// <summary>What the loopback topology runs: which stack file's edge settings, how many replicas, which overrides.</summary>
public sealed record TopologyOptions
{
    /// <summary>
    /// Overrides for load runs: every request comes from 127.0.0.1, so the per-IP limits would measure themselves,
    /// and no request comes from Cloudflare.
    /// </summary>
    public static IReadOnlyDictionary<string, string> LoadSettings { get; } = new Dictionary<string, string>
    {
        ["edge.rateLimitPerSecond"] = "100000",
        ["edge.rateLimitBurst"] = "100000",
        ["edge.connectionsPerIp"] = "10000",
        ["edge.cloudflareOnly"] = "false",
    };

    /// <summary>The stack file whose settings nginx is rendered from.</summary>
    public string Stack { get; init; } = "staging";

    /// <summary>App replicas behind nginx.</summary>
    public int Replicas { get; init; } = 3;

    /// <summary>Settings (keys without the <c>infra:</c> namespace) applied over the stack file.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = LoadSettings;

    /// <summary>Peers nginx trusts for CF-Connecting-IP and admits when Cloudflare-only is on.</summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = CloudflareRanges.All;
}
