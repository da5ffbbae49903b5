using Infra.Blueprint.Edge;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.TestKit;

namespace Infra.Rendered.Tests.Edge;

/// <summary>
/// The edge update's rendered DNS scripts, run by bash and curl as pulumi up runs them, against a Cloudflare API stand-in
/// on 127.0.0.1 seeded with prod's records (the seam to the outside world).
/// </summary>
public sealed class EdgeDnsScriptTests
{
    private static readonly Plan Prod = Planner.Build(Repository.Stack("prod"));

    // The record Pulumi created keeps its id through the update, so Pulumi's state is true again once the host is back.
    [Fact]
    public async Task WithdrawingAHostParksExactlyItsRecordsAndRestoringPutsTheSameRecordsBack()
    {
        Tools.Require("curl", "curl");
        using var zone = new CloudflareApiStandIn(Prod);
        var before = zone.Records;
        var address = Address("web-1");

        var withdrawn = await zone.RunAsync(Script(EdgeDnsScript.WithdrawPath("web-1")));

        Assert.True(withdrawn.ExitCode == 0, $"web-1's withdrawal exited {withdrawn.ExitCode}:\n{withdrawn.Output}");
        Assert.Equal(
            before.Select(r => r.Content == address ? r with { Name = EdgeDnsScript.ParkedName(r.Name) } : r),
            zone.Records);

        var restored = await zone.RunAsync(Script(EdgeDnsScript.RestorePath("web-1")));

        Assert.True(restored.ExitCode == 0, $"web-1's restore exited {restored.ExitCode}:\n{restored.Output}");
        Assert.Equal(before, zone.Records);
    }

    // pulumi up may run a step again after a failed run: a second withdrawal or restore finds its work done.
    [Fact]
    public async Task EachStepRunTwiceChangesNothingTheSecondTime()
    {
        Tools.Require("curl", "curl");
        using var zone = new CloudflareApiStandIn(Prod);

        foreach (var path in new[] { EdgeDnsScript.WithdrawPath("web-2"), EdgeDnsScript.RestorePath("web-2") })
        {
            Assert.Equal(0, (await zone.RunAsync(Script(path))).ExitCode);
            var after = zone.Records;
            var again = await zone.RunAsync(Script(path));

            Assert.True(again.ExitCode == 0, $"{path} run again exited {again.ExitCode}:\n{again.Output}");
            Assert.Equal(after, zone.Records);
            Assert.Contains("nothing changed", again.Output, StringComparison.Ordinal);
        }
    }

    // With web-1 left out of DNS (a failed run), withdrawing web-2 would leave the names with no record: refused, nothing changed.
    [Fact]
    public async Task TheLastRecordOfANameIsNeverWithdrawn()
    {
        Tools.Require("curl", "curl");
        using var zone = new CloudflareApiStandIn(Prod);
        Assert.Equal(0, (await zone.RunAsync(Script(EdgeDnsScript.WithdrawPath("web-1")))).ExitCode);
        var before = zone.Records;

        var refused = await zone.RunAsync(Script(EdgeDnsScript.WithdrawPath("web-2")));

        Assert.True(refused.ExitCode != 0, $"withdrawing web-2 while web-1 is withdrawn succeeded:\n{refused.Output}");
        Assert.Contains($"{Prod.Settings.Domain} has no address record (A or AAAA) but {Address("web-2")}'s", refused.Output, StringComparison.Ordinal);
        Assert.Equal(before, zone.Records);
    }

    // Edge hosts of both address families: web-2's AAAA record is its name's only AAAA, but web-1's A record still serves
    // the name, so web-2 may leave; web-1 may not leave after it, and its refusal changes none of its names' records.
    [Fact]
    public async Task AnAAndAnAaaaRecordServeTheNameTogether()
    {
        Tools.Require("curl", "curl");
        var prod = Repository.Stack("prod");
        var hosts = System.Text.Json.JsonSerializer.Deserialize<string[]>(prod.Values[ConfigKeys.Hosts.FullName])!
            .Select(h => h.StartsWith("web-2 ", StringComparison.Ordinal) ? h.Replace(Address("web-2"), "2001:db8::22", StringComparison.Ordinal) : h).ToArray();
        var mixed = Planner.Build(prod.WithList(ConfigKeys.Hosts.Name, hosts));
        var v6 = mixed.DnsRecords.Where(r => r.Type == "AAAA").ToList();
        Assert.True(v6.Count > 0 && v6.All(r => r.Content == "2001:db8::22"), "the mixed stack declares no AAAA record for web-2");
        using var zone = new CloudflareApiStandIn(mixed);

        var withdrawn = await zone.RunAsync(mixed.File(EdgeDnsScript.WithdrawPath("web-2")).Content);

        Assert.True(withdrawn.ExitCode == 0, $"withdrawing web-2 (AAAA) while web-1's A records serve exited {withdrawn.ExitCode}:\n{withdrawn.Output}");
        Assert.DoesNotContain(zone.Records, r => r.Type == "AAAA" && !r.Name.StartsWith(EdgeDnsScript.ParkedName(""), StringComparison.Ordinal));
        var before = zone.Records;
        var refused = await zone.RunAsync(mixed.File(EdgeDnsScript.WithdrawPath("web-1")).Content);

        Assert.True(refused.ExitCode != 0, $"withdrawing web-1 after web-2 succeeded:\n{refused.Output}");
        Assert.Equal(before, zone.Records);
    }

    [Fact]
    public async Task ATokenCloudflareRefusesFailsTheStepWithCloudflaresError()
    {
        Tools.Require("curl", "curl");
        using var zone = new CloudflareApiStandIn(Prod);
        var before = zone.Records;

        var refused = await zone.RunAsync(Script(EdgeDnsScript.WithdrawPath("web-1")), token: "not-the-token");

        Assert.True(refused.ExitCode != 0, $"the withdrawal succeeded with a wrong token:\n{refused.Output}");
        Assert.Contains("Authentication error", refused.Output, StringComparison.Ordinal);
        Assert.Equal(before, zone.Records);
    }

    private static string Script(string path) => Prod.File(path).Content;

    private static string Address(string host) => Prod.Layout.EdgeHosts.Single(h => h.Name == host).Address;
}
