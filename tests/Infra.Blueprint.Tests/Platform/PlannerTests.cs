using FsCheck;
using FsCheck.Fluent;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Platform;

public sealed class PlannerTests
{
    [Fact]
    public void TheSameSettingsGiveByteIdenticalFiles()
    {
        var property = Prop.ForAll(
            Gen.Choose(1, 12).ToArbitrary(),
            Gen.Elements(true, false).ToArbitrary(),
            (replicas, maintenance) =>
            {
                var config = Repository.Stack("prod").With("app.replicas", Math.Max(2, replicas).ToString()).With("edge.maintenance", maintenance ? "true" : "false");
                var first = Planner.Build(config).Files;
                var second = Planner.Build(config).Files;
                return first.SequenceEqual(second);
            });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(25), property);
    }

    [Fact]
    public void AChangedConfigFileGetsANewSwarmConfigName()
    {
        var before = Plans.Of("staging").Configs.Single(c => c.Key == "nginx.conf");
        var after = Planner.Build(Repository.Stack("staging").With("edge.maintenance", "true")).Configs.Single(c => c.Key == "nginx.conf");

        Assert.NotEqual(before.Name, after.Name);
        Assert.StartsWith("nginx-conf-", after.Name);
    }

    [Fact]
    public void TheBackendNetworkHasNoRouteOutAndCrossHostTrafficIsEncrypted()
    {
        var networks = Plans.Of("prod").Networks.ToDictionary(n => n.Name);

        Assert.True(networks[Layout.BackendNetwork].Internal);
        Assert.False(networks[Layout.EdgeNetwork].Internal);
        Assert.All(networks.Values, n => Assert.True(n.Encrypted));
        Assert.All(Plans.Of("staging").Networks, n => Assert.False(n.Encrypted));
    }

    [Theory]
    [InlineData("prod", true)]
    [InlineData("staging", false)]
    public void StatefulVolumesAreProtectedExactlyInProduction(string stack, bool expected) =>
        Assert.All(Plans.Of(stack).Volumes.Where(v => v.Stateful), v => Assert.Equal(expected, v.Protected));
}
