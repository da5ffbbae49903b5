using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Tests.Platform;

public sealed class ReleaseHistoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    private static string Image(int n) => $"ghcr.io/example/infra-app:1.{n}.0@sha256:{new string((char)('a' + n % 6), 64)}";

    // Newest first: #0 is what runs now.
    private static readonly IReadOnlyList<Release> ThreeReleases =
    [
        new(Image(3), Now.AddDays(-1), "commit 3333333"),
        new(Image(2), Now.AddDays(-2), "commit 2222222"),
        new(Image(1), Now.AddDays(-3), "commit 1111111"),
    ];

    [Fact]
    public void RollbackPutsBackThePreviousReleaseWithoutNamingIt() =>
        Assert.Equal(Image(2), ReleaseHistory.Choose(ThreeReleases, 1, out _)?.Image);

    [Fact]
    public void RollbackToNGoesNReleasesBack() =>
        Assert.Equal(Image(1), ReleaseHistory.Choose(ThreeReleases, 2, out _)?.Image);

    [Fact]
    public void RollbackFurtherThanTheHistoryNamesTheRangeThatExists()
    {
        Assert.Null(ReleaseHistory.Choose(ThreeReleases, 3, out var problem));
        Assert.Contains("choose --to 1…2", problem);
    }

    [Fact]
    public void RollbackWithoutHistoryTellsToDeployFirst()
    {
        Assert.Null(ReleaseHistory.Choose([], 1, out var problem));
        Assert.Contains("has no releases output yet", problem);
        Assert.Null(ReleaseHistory.Choose(ThreeReleases.Take(1).ToList(), 1, out problem));
        Assert.Contains("nothing to roll back to", problem);
    }

    [Fact]
    public void RollbackToTheImageThatRunsNowIsRefused()
    {
        IReadOnlyList<Release> history = [ThreeReleases[0], ThreeReleases[1], ThreeReleases[0] with { Source = "commit 0000000" }];

        Assert.Null(ReleaseHistory.Choose(history, 2, out var problem));
        Assert.Contains("runs the current image", problem);
    }

    [Fact]
    public void RollbackCountsFromOne()
    {
        Assert.Null(ReleaseHistory.Choose(ThreeReleases, 0, out var problem));
        Assert.Contains("starting at 1", problem);
    }

    [Fact]
    public void ANewImageGoesOnTopAndTheOldestFallsOffPastTheLimit()
    {
        var full = Enumerable.Range(1, ReleaseHistory.Keep).Select(n => new Release(Image(n), Now.AddDays(-n), "commit x")).ToList();

        var next = ReleaseHistory.Record(full, Image(99), Now, "commit 9999999");

        Assert.Equal(ReleaseHistory.Keep, next.Count);
        Assert.Equal(new Release(Image(99), Now, "commit 9999999"), next[0]);
        Assert.Equal(full.Take(ReleaseHistory.Keep - 1), next.Skip(1));
    }

    [Fact]
    public void AnUpOfTheImageThatRunsChangesNothing() =>
        Assert.Same(ThreeReleases, ReleaseHistory.Record(ThreeReleases, Image(3), Now, "commit 4444444"));

    [Fact]
    public void AReleaseWithoutASourceIsRecordedAsManual() =>
        Assert.Equal(ReleaseHistory.ManualSource, ReleaseHistory.Record([], Image(1), Now, "")[0].Source);

    [Fact]
    public void TheOutputReadsBackAsTheSameHistory()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(ReleaseHistory.ToOutput(ThreeReleases));

        Assert.Equal(ThreeReleases, ReleaseHistory.Parse(json));
    }

    [Fact]
    public void AStackWithoutTheOutputHasAnEmptyHistory()
    {
        Assert.Empty(ReleaseHistory.Parse(null));
        Assert.Empty(ReleaseHistory.Parse("null"));
    }

    [Theory]
    [InlineData("{\"image\":\"x\"}", "must be a list of releases")]
    [InlineData("[{\"image\":\"x\",\"source\":\"manual\"}]", "releases[0].deployedAt: missing")]
    [InlineData("[{\"image\":\"x\",\"deployedAt\":\"yesterday\",\"source\":\"manual\"}]", "'yesterday' is not a date")]
    [InlineData("[not json", "is not JSON")]
    public void AMalformedOutputIsRefusedNamingTheField(string json, string expected) =>
        Assert.Contains(expected, Assert.Throws<InvalidDataException>(() => ReleaseHistory.Parse(json)).Message);
}
