using Infra.Blueprint.Platform;

namespace Infra.Components.Dns;

/// <summary>Inputs of <see cref="DnsRecords"/>.</summary>
public sealed class DnsRecordsArgs
{
    /// <summary>Id of the Cloudflare zone the records are created in.</summary>
    public required string ZoneId { get; init; }

    /// <summary>The records as planned.</summary>
    public required IReadOnlyList<DnsRecordSpec> Specs { get; init; }

    /// <summary>The records of <paramref name="plan"/> in its zone.</summary>
    public static DnsRecordsArgs From(Plan plan) => new() { ZoneId = plan.Settings.Cloudflare.ZoneId, Specs = plan.DnsRecords };
}
