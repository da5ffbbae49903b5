
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
}
