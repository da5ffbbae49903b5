namespace Infra.Blueprint.Platform;

/// <summary>An inbound allow rule of a host's firewall (everything else inbound is denied).</summary>
/// <param name="Host">Host the rule is on.</param>
/// <param name="Port">Port; null for a protocol without ports (<c>esp</c>).</param>
/// <param name="Protocol"><c>tcp</c>, <c>udp</c> or <c>esp</c> (IP protocol 50, what encrypted overlays carry).</param>
/// <param name="Sources">CIDR ranges or addresses allowed; empty means anywhere.</param>
/// <param name="Purpose">Why the port is open.</param>
/// <param name="Guarded">Whether fail2ban watches the port's logins: a source that fails too often is banned (SSH).</param>
public sealed record FirewallRule(string Host, int? Port, string Protocol, IReadOnlyList<string> Sources, string Purpose, bool Guarded = false);
