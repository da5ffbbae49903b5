using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Data;

public sealed class PostgresTests
{
    [Fact]
    public void StatefulServicesArePinnedToTheDbHostNextToTheirVolumesAndUpdateStopFirst()
    {
        var plan = Plans.Of("prod");

        foreach (var name in new[] { "postgres", "redis" })
        {
            var service = plan.Service(name);
            Assert.Equal((true, UpdateOrder.StopFirst, 1), (service.Stateful, service.Update.Order, service.Replicas));
            Assert.Equal(["node.labels.infra.db==true"], service.Placement);
            Assert.Equal([Layout.BackendNetwork], service.Networks);
        }

        Assert.All(plan.Volumes.Where(v => v.Name is "postgres-data" or "redis-data"), v => Assert.Equal("db-1", v.Host));
        Assert.Equal(["db-1"], plan.Hosts.Where(h => h.NodeLabels.ContainsKey("infra.db")).Select(h => h.Name));
    }

    [Theory]
    [InlineData(4096, "'512MB'")]
    [InlineData(16384, "'2048MB'")]
    public void SharedBuffersAreAQuarterOfPostgresHalfOfTheDbHost(int memoryMb, string sharedBuffers)
    {
        var plan = Planner.Build(Repository.Stack("staging").WithList("hosts", $"node-1 203.0.113.10 roles=manager,edge,db,monitoring memoryMb={memoryMb} cpus=2"));

        Assert.Contains($"shared_buffers = {sharedBuffers}", plan.Configs.Single(c => c.Key == "postgresql.conf").Content);
        Assert.Equal(memoryMb / 2, plan.Service(Layout.PostgresService).Resources.LimitMemoryMb);
    }
}
