using System.Collections.Immutable;
using Infra.Blueprint.Platform;
using Pulumi;
using Pulumi.Cloudflare;

namespace Infra.Components.Dns;

/// <summary>
/// The Cloudflare zone's settings the stack depends on (SSL Full (strict), Always Use HTTPS, TLS versions, HSTS), one
/// <c>ZoneSetting</c> per planned <see cref="ZoneSettingSpec"/>. Declared before the DNS records, so a zone is strict
/// before traffic is proxied to the edge.
/// </summary>
public sealed class ZoneSettings : ComponentResource
{
    /// <summary>The setting ids declared.</summary>
    [Output]
    public Output<ImmutableArray<string>> Ids { get; private set; }

    /// <summary>Declares every setting of <see cref="ZoneSettingsArgs.Specs"/>.</summary>
    public ZoneSettings(string name, ZoneSettingsArgs args, ComponentResourceOptions? options = null)
        : base("infra:dns:ZoneSettings", name, options)
    {
        foreach (var setting in args.Specs)
        {
            _ = new ZoneSetting($"{name}-{setting.Id}", new ZoneSettingArgs
            {
                ZoneId = args.ZoneId,
                SettingId = setting.Id,
                Value = ValueOf(setting),
            }, new CustomResourceOptions { Parent = this });
        }

        Ids = Output.Create(args.Specs.Select(s => s.Id).ToImmutableArray());
        RegisterOutputs(new Dictionary<string, object?> { ["ids"] = Ids });
    }

    // The provider passes the value to Cloudflare's API as JSON, so an object setting uses the API's field names.
    private static object ValueOf(ZoneSettingSpec setting) => setting.Hsts is { } hsts
        ? new Dictionary<string, object>
        {
            ["strict_transport_security"] = new Dictionary<string, object>
            {
                ["enabled"] = true,
                ["max_age"] = hsts.MaxAgeSeconds,
                ["include_subdomains"] = hsts.IncludeSubdomains,
                ["preload"] = hsts.Preload,
                ["nosniff"] = true,
            },
        }
        : setting.Value ?? throw new ArgumentException($"zone setting {setting.Id} has no value", nameof(setting));
}
