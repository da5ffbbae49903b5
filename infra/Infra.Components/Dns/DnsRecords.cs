using System.Collections.Immutable;
using Pulumi;
using Pulumi.Cloudflare;

namespace Infra.Components.Dns;

/// <summary>The stack's Cloudflare DNS records: one record per edge host under the app's name (round robin at Cloudflare).</summary>
public sealed class DnsRecords : ComponentResource
{
    /// <summary>The distinct names the records publish.</summary>
    [Output]
    public Output<ImmutableArray<string>> Names { get; private set; }

    /// <summary>Declares every record of <see cref="DnsRecordsArgs.Specs"/>.</summary>
    public DnsRecords(string name, DnsRecordsArgs args, ComponentResourceOptions? options = null)
        : base("infra:dns:DnsRecords", name, options)
    {
        foreach (var record in args.Specs)
        {
            // Named by content: reordering the hosts does not recreate records.
            _ = new DnsRecord($"{name}-{record.Name}-{record.Content}", new DnsRecordArgs
            {
                ZoneId = args.ZoneId,
                Name = record.Name,
                Type = record.Type,
                Content = record.Content,
                Proxied = record.Proxied,
                Ttl = record.Ttl,
                Comment = "managed by Infra (Pulumi)",
            }, new CustomResourceOptions { Parent = this });
        }

        Names = Output.Create(args.Specs.Select(r => r.Name).Distinct().ToImmutableArray());

        RegisterOutputs(new Dictionary<string, object?> { ["names"] = Names });
    }
}
