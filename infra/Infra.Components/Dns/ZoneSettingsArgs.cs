using Infra.Blueprint.Platform;

namespace Infra.Components.Dns;

/// <summary>Inputs of <see cref="ZoneSettings"/>.</summary>
public sealed class ZoneSettingsArgs
{
    /// <summary>Id of the Cloudflare zone.</summary>
    public required string ZoneId { get; init; }

    /// <summary>The settings as planned.</summary>
    public required IReadOnlyList<ZoneSettingSpec> Specs { get; init; }

    /// <summary>The zone settings of <paramref name="plan"/>.</summary>
    public static ZoneSettingsArgs From(Plan plan) => new() { ZoneId = plan.Settings.Cloudflare.ZoneId, Specs = plan.ZoneSettings };
}
