using System.Collections.Immutable;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.TestKit;
using Pulumi;

namespace Infra.Stacks.Tests;

/// <summary>The releases output: each up reads the stack's own previous list through a StackReference and writes it back.</summary>
[Collection(PulumiCollection.Name)]
public sealed class ReleaseHistoryTests
{
    private static readonly StackConfig Staging = Repository.Stack("staging");
    private static readonly string StagingImage = Staging.ToSettings(checkSecrets: false).App.Image.ToString();
    private static readonly string OlderImage = "ghcr.io/example/infra-app:0.9.0@sha256:" + new string('9', 64);

    private static Dictionary<string, object> Previous(params Release[] releases) => new()
    {
        [ReleaseHistory.OutputName] = ReleaseHistory.ToOutput(releases).Select(r => (object)r.ToImmutableDictionary(p => p.Key, p => (object)p.Value)).ToImmutableArray(),
    };

    private static async Task<IReadOnlyList<Release>> ReleasesAsync(StackConfig config, StrictMocks mocks, string source = "")
    {
        Environment.SetEnvironmentVariable(ReleaseHistory.SourceVariable, source);
        try
        {
            var run = await StackRun.RunAsync(config, mocks);
            var output = (Output<ImmutableArray<ImmutableDictionary<string, string>>>)run.Outputs[ReleaseHistory.OutputName]!;
            var value = await StackRun.ValueOf(output);
            return ReleaseHistory.Parse(System.Text.Json.JsonSerializer.Serialize(value));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ReleaseHistory.SourceVariable, null);
        }
    }

    [Fact]
    public async Task AFirstUpRecordsItsImageAndWhereItCameFrom()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var releases = await ReleasesAsync(Staging, new StrictMocks(), "commit 1a2b3c4");

        var only = Assert.Single(releases);
        Assert.Equal((StagingImage, "commit 1a2b3c4"), (only.Image, only.Source));
        Assert.InRange(only.DeployedAt, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task TheStackReadsItsOwnPreviousReleasesAndPutsTheNewOneOnTop()
    {
        var mocks = new StrictMocks();
        var older = new Release(OlderImage, new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), "commit 0000000");
        mocks.OtherStacks["release-history"] = Previous(older);

        var releases = await ReleasesAsync(Staging, mocks, "commit 1a2b3c4");

        Assert.Equal([StagingImage, OlderImage], releases.Select(r => r.Image));
        Assert.Equal(older, releases[1]);
        var reference = Assert.Single(mocks.Declared, d => d.Name == "release-history");
        Assert.Equal("organization/infra/staging", reference.Inputs["name"]);
    }

    [Fact]
    public async Task AnUpOfTheImageThatRunsLeavesTheHistoryAsItWas()
    {
        var mocks = new StrictMocks();
        var current = new Release(StagingImage, new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), "commit 1111111");
        mocks.OtherStacks["release-history"] = Previous(current);

        var releases = await ReleasesAsync(Staging, mocks, "commit 2222222");

        Assert.Equal([current], releases);
    }

    [Fact]
    public async Task ProdRollsBackThroughThePromotionGateToAnImageItRanBefore()
    {
        var prod = Repository.Stack("prod").With("app.promoteFrom", "acme/infra/staging").With("app.image", OlderImage);
        var mocks = new StrictMocks();
        mocks.OtherStacks["promote-from"] = new() { [Promotion.ImageOutput] = StagingImage };
        mocks.OtherStacks["release-history"] = Previous(
            new Release(StagingImage, new DateTimeOffset(2026, 11, 3, 0, 0, 0, TimeSpan.Zero), "promotion from acme/infra/staging"),
            new Release(OlderImage, new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), "promotion from acme/infra/staging"));

        var releases = await ReleasesAsync(prod, mocks, "rollback to #1");

        Assert.Equal((OlderImage, "rollback to #1"), (releases[0].Image, releases[0].Source));
        Assert.Equal(3, releases.Count);
    }

    [Fact]
    public async Task APromotionIsRecordedAsOne()
    {
        var prod = Repository.Stack("prod").With("app.promoteFrom", "acme/infra/staging");
        var mocks = new StrictMocks();
        mocks.OtherStacks["promote-from"] = new() { [Promotion.ImageOutput] = prod.ToSettings(checkSecrets: false).App.Image.ToString() };

        var releases = await ReleasesAsync(prod, mocks, "run 42");

        Assert.Equal("promotion from acme/infra/staging (run 42)", Assert.Single(releases).Source);
    }
}
