using Infra.Blueprint.Backups;
using Infra.Blueprint.Data;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Policies;
using Infra.Blueprint.Settings;
using Infra.Contract;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Edge;

public sealed class DnsTests
{
    private static Plan PlanOf(string stack, string? key = null, string? value = null)
    {
        var config = Repository.Stack(stack);
        return Planner.Build(key is null ? config : config.With(key, value));
    }

    [Fact]
    public void DnsPointsTheDomainAtEveryEdgeHostThroughCloudflare()
    {
        var records = PlanOf("prod").DnsRecords;

        Assert.Equal(
            [
                ("app.example.com", "A", "203.0.113.21"), ("app.example.com", "A", "203.0.113.22"),
                ("grafana.example.com", "A", "203.0.113.21"), ("grafana.example.com", "A", "203.0.113.22"),
            ],
            records.Select(r => (r.Name, r.Type, r.Content)));
        Assert.All(records, r => Assert.Equal((true, 1), (r.Proxied, r.Ttl)));
    }
}
