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

    /// <summary>The records by their address (content): an edge host's withdrawal waits for its own.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Resource>> ByContent { get; }

    /// <summary>Declares every record of <see cref="DnsRecordsArgs.Specs"/>.</summary>
    public DnsRecords(string name, DnsRecordsArgs args, ComponentResourceOptions? options = null)
        : base("infra:dns:DnsRecords", name, options)
    {
        var byContent = new Dictionary<string, List<Resource>>();
        foreach (var record in args.Specs)
        {
            // Named by content: reordering the hosts does not recreate records.
            var declared = new DnsRecord($"{name}-{record.Name}-{record.Content}", new DnsRecordArgs
            {
                ZoneId = args.ZoneId,
                Name = record.Name,
                Type = record.Type,
                Content = record.Content,
                Proxied = record.Proxied,
                Ttl = record.Ttl,
                Comment = "managed by Infra (Pulumi)",
            }, new CustomResourceOptions { Parent = this });
            if (!byContent.TryGetValue(record.Content, out var same))
            {
                byContent[record.Content] = same = [];
            }

            same.Add(declared);
        }

        ByContent = byContent.ToDictionary(p => p.Key, p => (IReadOnlyList<Resource>)p.Value);

        Names = Output.Create(args.Specs.Select(r => r.Name).Distinct().ToImmutableArray());

        RegisterOutputs(new Dictionary<string, object?> { ["names"] = Names });
    }
}
