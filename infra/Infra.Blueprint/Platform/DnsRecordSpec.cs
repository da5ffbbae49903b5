namespace Infra.Blueprint.Platform;

/// <summary>A Cloudflare DNS record.</summary>
/// <param name="Name">Fully qualified name.</param>
/// <param name="Type"><c>A</c> or <c>AAAA</c>.</param>
/// <param name="Content">The address.</param>
/// <param name="Proxied">Proxied through Cloudflare.</param>
/// <param name="Ttl">TTL in seconds; 1 means automatic (required for proxied records).</param>
public sealed record DnsRecordSpec(string Name, string Type, string Content, bool Proxied, int Ttl);
