using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Platform;

public sealed class LayoutTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void EveryConsumerOfTheReplicaListReadsTheSameReplicas(int replicas)
    {
        var plan = Planner.Build(Repository.Stack("prod").With("app.replicas", replicas.ToString()));
        var expected = Enumerable.Range(1, replicas).Select(i => $"app-{i}").ToList();

        Assert.Equal(expected, plan.Layout.AppReplicas);
        Assert.Equal(expected.Select(r => $"{r}:{Infra.Contract.AppContract.MetricsPort}"), plan.Layout.AppMetricsTargets);
        Assert.Equal([.. expected, .. plan.Layout.Workers], plan.Services.Where(s => s.Image == plan.Settings.App.Image.ToString()).Select(s => s.Name));
        Assert.Equal([.. expected, .. plan.Layout.Workers], plan.Jobs.Single(j => j.Name == Layout.MigrateJob).Gates);
        Assert.All(plan.Layout.EdgeServices.Values, edge => Assert.Equal(expected, plan.Service(edge).After.Take(replicas)));
        Assert.Equal(plan.Layout.AppMetricsTargets, PrometheusConfig.Jobs(plan.Settings).Single(j => j.Name == "app").Targets.Select(t => t.Address));
        var nginx = plan.Configs.Single(c => c.Key == "nginx.conf").Content;
        Assert.All(plan.Layout.AppUpstreams, upstream => Assert.Contains($"server {upstream} ", nginx));
    }

    [Theory]
    [InlineData("staging", false, false)]
    [InlineData("prod", true, true)]
    public void TrafficCrossesHostsExactlyWhenTheStackHasSeveralHosts(string stack, bool appCrossesHosts, bool encrypted)
    {
        var layout = Planner.Build(Repository.Stack(stack)).Layout;

        Assert.Equal((appCrossesHosts, encrypted), (layout.AppCrossesHosts, layout.EncryptedOverlays));
    }
}
