namespace Infra.Blueprint.Platform;

/// <summary>An inbound allow rule of a host's firewall (everything else inbound is denied).</summary>
/// <param name="Host">Host the rule is on.</param>
/// <param name="Port">Port; null for a protocol without ports (<c>esp</c>).</param>
/// <param name="Protocol"><c>tcp</c>, <c>udp</c> or <c>esp</c> (IP protocol 50, what encrypted overlays carry).</param>
/// <param name="Sources">CIDR ranges or addresses allowed; empty means anywhere.</param>
/// <param name="Purpose">Why the port is open.</param>
/// <param name="RateLimited">Whether new connections from one source are rate-limited (SSH: 6 in 30 s, then refused).</param>
public sealed record FirewallRule(string Host, int? Port, string Protocol, IReadOnlyList<string> Sources, string Purpose, bool RateLimited = false);
