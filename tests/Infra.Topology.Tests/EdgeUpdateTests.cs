using Infra.Blueprint.Edge;
using Infra.Blueprint.Platform;
using Infra.Loopback;
using Infra.TestKit;

namespace Infra.Topology.Tests;

/// <summary>
/// An edge update across two edge hosts (two nginx with the rendered config over the same replicas), measured by a client
/// that reaches them through a DNS stand-in and, like Cloudflare Free, never tries another host when the one it picked
/// refuses. The DNS steps are the rendered scripts pulumi up runs, against a Cloudflare API stand-in whose records
/// are the rotation. docs/edge.md says what this covers and what only a real zone can show.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class EdgeUpdateTests(TopologyFixture fixture)
{
    // The loopback's rotation applies a change at once; a real zone takes seconds (EdgeUpdate.DrainSeconds).
    private const int LoopbackDrainSeconds = 1;

    // Prod's update (two edge hosts), step by step from the plan, each plan host mapped onto one loopback edge host. A restart
    // of a host still in rotation runs first, as the control: the same client must see it fail, or the measurement is blind.
    [Fact]
    public async Task UpdatingTheEdgeHostsOneAtATimeOutOfDnsFailsNoRequest()
    {
        var plan = Planner.Build(Repository.Stack("prod"));
        var steps = EdgeUpdate.Steps(plan.Layout);
        var edge = plan.Service(steps[0].Service);
        var stopSignal = Signals.Named(edge.StopSignal ?? throw new InvalidOperationException("the edge service declares no stop signal"));
        var grace = TimeSpan.FromSeconds(edge.StopGraceSeconds);
        var planHosts = steps.Select(s => s.Host).Distinct().ToList();
        Assert.True(planHosts.Count == 2, $"prod has {planHosts.Count} edge hosts; this test maps two");

        await using var first = await EdgeHost.StartAsync(fixture.Topology, planHosts[0]);
        await using var second = await EdgeHost.StartAsync(fixture.Topology, planHosts[1]);
        var hosts = new[] { first, second }.ToDictionary(h => h.Name);
        var rotation = new Rotation(hosts.Values);
        using var client = rotation.CreateClient();
        // The zone's records of the app's name are the rotation: a host is in it while its record is.
        using var zone = new CloudflareApiStandIn(plan);
        var seeded = zone.Records;
        zone.Changed += records =>
        {
            foreach (var step in steps.DistinctBy(s => s.Host))
            {
                if (records.Any(r => r.Name == plan.Settings.Domain && r.Content == step.Address))
                {
                    rotation.Restore(hosts[step.Host]);
                }
                else
                {
                    rotation.Withdraw(hosts[step.Host]);
                }
            }
        };
        async Task Run(string path)
        {
            var (exit, output) = await zone.RunAsync(plan.File(path).Content, LoopbackDrainSeconds);
            Assert.True(exit == 0, $"{path} exited {exit}:\n{output}");
        }

        // Control: stop-first without leaving DNS, the window a new task takes to start (1 s here, seconds on a Swarm).
        var (control, _) = await MeasureAsync(client, async _ =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            await first.StopAsync(stopSignal, grace);
            await Task.Delay(TimeSpan.FromSeconds(1));
            await first.StartNewAsync();
            await Task.Delay(TimeSpan.FromSeconds(1));
        });
        Assert.True(control.Failed > 0, $"restarting {first.Name} while in rotation failed no request ({control}): the client would not see a dropped request either");

        var exits = new List<(string Host, int Exit)>();
        var (update, phases) = await MeasureAsync(client, async mark =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            foreach (var step in steps)
            {
                var host = hosts[step.Host];
                mark($"{step.Kind} {step.Host}");
                switch (step.Kind)
                {
                    case EdgeUpdateStepKind.Withdraw:
                        await Run(EdgeDnsScript.WithdrawPath(step.Host));
                        Assert.DoesNotContain(zone.Records, r => r.Name == plan.Settings.Domain && r.Content == step.Address);
                        break;
                    case EdgeUpdateStepKind.Drain:
                        // In the withdrawal script, which drains before it exits (as pulumi up runs it).
                        break;
                    case EdgeUpdateStepKind.Replace:
                        exits.Add((host.Name, await host.ReplaceAsync(stopSignal, grace)));
                        break;
                    case EdgeUpdateStepKind.Restore:
                        await Run(EdgeDnsScript.RestorePath(step.Host));
                        // Until the next host leaves, the restored one takes connections again.
                        await Task.Delay(TimeSpan.FromSeconds(1));
                        break;
                }
            }

            // Longer than the client's connection lifetime: the last host restored takes connections again.
            mark("after the update");
            await Task.Delay(TimeSpan.FromSeconds(4));
        });

        Assert.True(update.Succeeded >= 500, $"only {update.Succeeded} requests completed across the update; the load did not really run");
        Assert.True(update.Failed == 0, $"the edge update failed requests: {update}\nby phase: {phases}\n{first.Name} error log:\n{first.Nginx.ErrorLog()}\n{second.Name} error log:\n{second.Nginx.ErrorLog()}");
        Assert.True(seeded.SequenceEqual(zone.Records), "after the update the zone's records differ from the ones Pulumi created (ids, names): its state would no longer be true");
        Assert.All(exits, e => Assert.True(e.Exit == 0, $"{e.Host}'s nginx exited {e.Exit} on {edge.StopSignal}, not 0: it did not stop gracefully"));
        // The buffered access log is flushed every second.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.All(hosts.Values, h => Assert.True(h.Nginx.AccessLog().Count > 0, $"the new nginx of {h.Name} served no request after the update"));
    }

    // 16 workers GET an existing task until the operation ends (bounded by its own delays; each request by the client's 15 s timeout).
    // The operation marks its phases; the outcome says which phase a failure fell in.
    private async Task<(LoadOutcome Outcome, string Phases)> MeasureAsync(HttpClient client, Func<Action<string>, Task> operation)
    {
        await using var load = RequestLoad.Start(client, fixture.TaskUrl.PathAndQuery);
        var phases = new List<(string Name, LoadOutcome Mark)> { ("start", load.Snapshot()) };
        await operation(name => phases.Add((name, load.Snapshot())));
        var outcome = await load.StopAsync();
        phases.Add(("end", outcome));
        return (outcome, string.Join("; ", phases.Zip(phases.Skip(1), (from, to) => $"{from.Name}: {to.Mark.Since(from.Mark)}")));
    }
}
