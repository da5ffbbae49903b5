using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Platform;

public sealed class PromotionTests
{
    private static readonly Infra.Blueprint.Settings.StackSettings Prod =
        Repository.Stack("prod").With("app.promoteFrom", "acme/infra/staging").ToSettings(checkSecrets: false);

    [Fact]
    public void ProdMayRunExactlyTheImageStagingRuns() =>
        Assert.Null(Promotion.Check(Prod, Prod.App.Image.ToString()));

    [Fact]
    public void AnotherImageIsRefusedWithTheCommandThatPromotesTheRightOne()
    {
        const string staging = "ghcr.io/example/infra-app:1.1.0@sha256:1111111111111111111111111111111111111111111111111111111111111111";

        var error = Promotion.Check(Prod, staging);

        Assert.Equal("infra:app.image", error?.Path);
        Assert.Contains($"pulumi config set infra:app.image '{staging}'", error!.Message);
    }

    [Fact]
    public void ARollbackToAReleaseThisStackRanBeforePassesTheGate()
    {
        const string staging = "ghcr.io/example/infra-app:1.1.0@sha256:1111111111111111111111111111111111111111111111111111111111111111";
        IReadOnlyList<Release> history = [new(staging, DateTimeOffset.UnixEpoch.AddDays(2), "promotion from acme/infra/staging"), new(Prod.App.Image.ToString(), DateTimeOffset.UnixEpoch, "promotion from acme/infra/staging")];

        Assert.Null(Promotion.Check(Prod, staging, history));
        Assert.NotNull(Promotion.Check(Prod, staging, history.Take(1).ToList()));
    }

    [Fact]
    public void ASourceThatWasNeverDeployedIsRefused() =>
        Assert.Contains("deploy it first", Promotion.Check(Prod, null)?.Message);

    [Fact]
    public void WithoutASourceThereIsNoGate() =>
        Assert.Null(Promotion.Check(Repository.Stack("staging").ToSettings(checkSecrets: false), null));
}
