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
        // Only the read of the source stack happened: nothing was declared on the servers, DNS or Cloudflare.
        Assert.Equal(["pulumi:pulumi:StackReference"], mocks.Declared.Select(d => d.Type).Where(t => t != "pulumi:pulumi:Stack"));
    }
}
