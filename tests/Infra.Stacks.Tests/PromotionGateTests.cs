using Infra.Blueprint.Settings;
using Infra.TestKit;

namespace Infra.Stacks.Tests;

[Collection(PulumiCollection.Name)]
public sealed class PromotionGateTests
{
    private const string Staging = "acme/infra/staging";
    private static readonly StackConfig Prod = Repository.Stack("prod").With("app.promoteFrom", Staging);

    [Fact]
    public async Task ProdDeploysTheImageStagingRuns()
    {
        var mocks = new StrictMocks();
        mocks.OtherStacks["promote-from"] = new() { ["appImage"] = Prod.ToSettings(checkSecrets: false).App.Image.ToString() };

        var run = await StackRun.RunAsync(Prod, mocks);

        Assert.NotEmpty(run.OfType("docker:index/service:Service"));
    }

    [Fact]
    public async Task AnImageStagingDoesNotRunIsRefusedBeforeAnythingIsDeclared()
    {
        var mocks = new StrictMocks();
        mocks.OtherStacks["promote-from"] = new() { ["appImage"] = "ghcr.io/example/infra-app:0.9.0@sha256:" + new string('9', 64) };

        var error = await Record.ExceptionAsync(() => StackRun.RunAsync(Prod, mocks));

        Assert.NotNull(error);
        Assert.Contains("infra:app.image: ghcr.io/example/infra-app:1.0.0@sha256:", error.ToString());
        Assert.Contains($"is not what stack {Staging} runs", error.ToString());
        // Only the reads of the source stack and of this stack's release history happened: nothing was declared on
        // the servers, DNS or Cloudflare.
        Assert.Equal(["promote-from", "release-history"], mocks.Declared.Where(d => d.Type != "pulumi:pulumi:Stack").Select(d => $"{d.Type} {d.Name}").Order().Select(d => d.Split(' ')[1]).ToList());
        Assert.All(mocks.Declared.Where(d => d.Type != "pulumi:pulumi:Stack"), d => Assert.Equal("pulumi:pulumi:StackReference", d.Type));
    }
}
