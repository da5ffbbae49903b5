using Infra.Blueprint.Edge;
using Infra.Blueprint.Platform;
using Infra.Components.Platform;
using Infra.TestKit;

namespace Infra.Stacks.Tests;

/// <summary>
/// pulumi up follows <see cref="EdgeUpdate.Steps(Layout)"/>: each edge host's nginx service is declared between the
/// local commands that take that host out of DNS and put it back, one host at a time. The mock engine registers a
/// resource only once what it depends on is registered, so the registration order is the order pulumi up runs them in.
/// </summary>
[Collection(PulumiCollection.Name)]
public sealed class EdgeUpdateTests(StackRuns runs)
{
    private const string Service = "docker:index/service:Service";
    private const string LocalCommand = "command:local:Command";

    [Fact]
    public async Task EachEdgeHostIsWithdrawnBeforeItsNginxIsReplacedAndRestoredBeforeTheNextHostIsWithdrawn()
    {
        var run = await runs.Of("prod");
        var plan = Planner.Build(Repository.Stack("prod"));
        var order = run.Mocks.Declared.Select((d, i) => (d, i)).Where(x => x.d.Type is Service or LocalCommand).ToDictionary(x => x.d.Name, x => x.i);
        int At(string resource) => order.TryGetValue(resource, out var i) ? i : throw new Xunit.Sdk.XunitException($"prod: {resource} was not declared");

        var expected = EdgeUpdate.Steps(plan.Layout).Where(s => s.Kind != EdgeUpdateStepKind.Drain).Select(s => s.Kind switch
        {
            EdgeUpdateStepKind.Withdraw => $"services-{s.Service}-withdraw",
            EdgeUpdateStepKind.Replace => $"services-{s.Service}",
            _ => $"services-{s.Service}-restore",
        }).ToList();

        Assert.Equal(
            ["services-edge-web-1-withdraw", "services-edge-web-1", "services-edge-web-1-restore", "services-edge-web-2-withdraw", "services-edge-web-2", "services-edge-web-2-restore"],
            expected);
        Assert.Equal(expected, expected.OrderBy(At));
        Assert.Equal(["web-1", "web-2"], run.Component<Services>().EdgeUpdate.Keys.Order(StringComparer.Ordinal));
    }

    // Each command runs the host's rendered script, with the Cloudflare token exported on standard input, where pulumi up runs.
    [Fact]
    public async Task EachDnsStepRunsTheHostsRenderedScriptWithTheCloudflareToken()
    {
        var run = await runs.Of("prod");
        var plan = Planner.Build(Repository.Stack("prod"));
        var commands = run.OfType(LocalCommand).ToDictionary(c => c.Name);

        foreach (var host in plan.Layout.EdgeHosts)
        {
            foreach (var (suffix, path) in new[] { ("withdraw", EdgeDnsScript.WithdrawPath(host.Name)), ("restore", EdgeDnsScript.RestorePath(host.Name)) })
            {
                var command = commands[$"services-{plan.Layout.EdgeServices[host.Name]}-{suffix}"];
                var stdin = (string)command.At("stdin")!;
                Assert.True(stdin.EndsWith(plan.File(path).Content, StringComparison.Ordinal), $"{command.Urn("prod")} does not run {path}");
                Assert.True(stdin.StartsWith($"export {EdgeDnsScript.TokenVariable}='{StackRun.FakeSecrets["cloudflare:apiToken"]}'\n", StringComparison.Ordinal), $"{command.Urn("prod")} does not get the Cloudflare token on standard input");
                Assert.Equal("bash -s", command.At("create"));
            }
        }
    }

    // The triggers are a digest of what the host's service is declared with: the same settings run no DNS step again, an
    // edge change runs both of every host's, and a change elsewhere (Redis' memory) none.
    [Fact]
    public async Task TheDnsStepsRunExactlyWhenTheHostsNginxServiceChanges()
    {
        var prod = Repository.Stack("prod");
        var same = await StackRun.RunAsync(prod);
        var edgeChanged = await StackRun.RunAsync(prod.With("edge.proxyReadTimeoutSeconds", "75"));
        var otherChanged = await StackRun.RunAsync(prod.With("redis.maxMemoryMb", "2048"));
        var baseline = await runs.Of("prod");

        Dictionary<string, string> Triggers(StackRun run) => run.OfType(LocalCommand).Where(c => c.Name.EndsWith("-withdraw", StringComparison.Ordinal) || c.Name.EndsWith("-restore", StringComparison.Ordinal))
            .ToDictionary(c => c.Name, c => string.Join(',', c.ListAt("triggers")));

        Assert.Equal(4, Triggers(baseline).Count);
        Assert.Equal(Triggers(baseline), Triggers(same));
        Assert.Equal(Triggers(baseline), Triggers(otherChanged));
        Assert.All(Triggers(edgeChanged), t => Assert.NotEqual(Triggers(baseline)[t.Key], t.Value));
        Assert.All(Triggers(baseline).Keys.Where(k => k.EndsWith("-withdraw", StringComparison.Ordinal)), w =>
            Assert.True(Triggers(baseline)[w] == Triggers(baseline)[w.Replace("-withdraw", "-restore", StringComparison.Ordinal)], $"{w} and its restore have different triggers: one could run without the other"));
    }

    // CI gives the provider its token in the environment (docs/delivery.md); the DNS steps take it from there too, and
    // without either, pulumi up stops before declaring anything.
    [Fact]
    public async Task TheCloudflareTokenMayComeFromTheEnvironmentAsTheProviderTakesIt()
    {
        var secrets = StackRun.FakeSecrets.Where(s => s.Key != "cloudflare:apiToken").ToDictionary();
        var missing = new StrictMocks();
        var error = await Record.ExceptionAsync(() => StackRun.RunAsync(Repository.Stack("prod"), missing, secrets));
        Assert.Contains("pulumi config set --secret cloudflare:apiToken", error?.ToString() ?? "(no error)", StringComparison.Ordinal);
        Assert.Equal(0, missing.NewResourceCalls);

        Environment.SetEnvironmentVariable("CLOUDFLARE_API_TOKEN", "token-from-the-environment");
        try
        {
            var run = await StackRun.RunAsync(Repository.Stack("prod"), secrets: secrets);

            var withdraw = run.OfType(LocalCommand).Single(c => c.Name == "services-edge-web-1-withdraw");
            Assert.StartsWith($"export {EdgeDnsScript.TokenVariable}='token-from-the-environment'\n", (string)withdraw.At("stdin")!, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CLOUDFLARE_API_TOKEN", null);
        }
    }

    [Fact]
    public async Task ASingleEdgeHostIsOnlyReplacedWithNoDnsStep()
    {
        var run = await runs.Of("staging");

        Assert.Empty(run.Component<Services>().EdgeUpdate);
        Assert.DoesNotContain(run.OfType(LocalCommand), c => c.Name.EndsWith("-withdraw", StringComparison.Ordinal) || c.Name.EndsWith("-restore", StringComparison.Ordinal));
        Assert.Single(run.OfType(Service), s => (string)s.At("name")! == "edge-node-1");
    }
}
