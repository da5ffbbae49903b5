namespace Infra.Blueprint.Platform;

/// <summary>An inbound allow rule of a host's firewall (everything else inbound is denied).</summary>
/// <param name="Host">Host the rule is on.</param>
/// <param name="Port">Port.</param>
/// <param name="Protocol"><c>tcp</c> or <c>udp</c>.</param>
/// <param name="Sources">CIDR ranges or addresses allowed; empty means anywhere.</param>
/// <param name="Purpose">Why the port is open.</param>
public sealed record FirewallRule(string Host, int Port, string Protocol, IReadOnlyList<string> Sources, string Purpose);
