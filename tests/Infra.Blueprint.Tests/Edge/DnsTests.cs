using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Tests.Edge;

public sealed class DnsTests
{
    [Fact]
    public void DnsPointsTheDomainAtEveryEdgeHostThroughCloudflare()
    {
        var records = Plans.Of("prod").DnsRecords;

        Assert.Equal(
            [
                ("app.example.com", "A", "203.0.113.21"), ("app.example.com", "A", "203.0.113.22"),
                ("grafana.example.com", "A", "203.0.113.21"), ("grafana.example.com", "A", "203.0.113.22"),
            ],
            records.Select(r => (r.Name, r.Type, r.Content)));
        Assert.All(records, r => Assert.Equal((true, 1), (r.Proxied, r.Ttl)));
    }

    [Fact]
    public void TheWwwNameGetsItsRecordsAndTheOriginCertificateWhenTheSettingsAskForIt()
    {
        var plan = Plans.Of("prod", "cloudflare.www", "true");

        Assert.Equal(2, plan.DnsRecords.Count(r => r.Name == "www.app.example.com"));
        Assert.Contains("www.app.example.com", plan.Certificates.Single(c => c.Name == Layout.OriginCertificate).Hostnames);
        Assert.DoesNotContain(Plans.Of("prod").DnsRecords, r => r.Name.StartsWith("www.", StringComparison.Ordinal));
    }

    [Fact]
    public void TheZoneIsFullStrictHttpsOnlyWithTheEdgesTlsAndHsts()
    {
        var plan = Plans.Of("prod");
        var zone = plan.ZoneSettings.ToDictionary(z => z.Id);

        Assert.Equal("strict", zone["ssl"].Value);
        Assert.Equal("on", zone["always_use_https"].Value);
        Assert.Equal("1.2", zone["min_tls_version"].Value);
        Assert.Equal("on", zone["tls_1_3"].Value);
        Assert.Equal(new ZoneHsts(plan.Settings.Edge.HstsMaxAgeSeconds, IncludeSubdomains: true, plan.Settings.Edge.HstsPreload), zone["security_header"].Hsts);
    }
}
