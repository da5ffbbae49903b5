using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Swarm;
using Infra.Contract;
using Infra.TestKit;
using Xunit.Abstractions;

namespace Infra.Swarm.Tests;

/// <summary>
/// App releases on the Swarm: a healthy one with a rotated app secret rolls out replica by replica, start-first, onto
/// the new value; an unhealthy one is rolled back by Swarm itself while the old version serves. Failed requests through the edge are counted and reported: with
/// <c>dnsrr</c> (no IPVS here) nginx keeps a replaced replica's old address until it restarts, which a VIP avoids in
/// production, so the edge's zero-downtime stays the loopback topology's proof.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed partial class RolloutTests(SwarmFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task AnUnhealthyReleaseIsRolledBackBySwarmWhileTheOldVersionServes()
    {
        // The release listens on another port than the plan's: its healthcheck never passes.
        var broken = Variants.Push(fixture.Node, fixture.Deployer.ImageMap[fixture.Plan.Settings.App.Image.ToString()], "app:broken", """
            ENTRYPOINT ["bash", "-c", "APP_PORT=9 exec dotnet Infra.App.dll \"$@\"", "app"]
            """);
        var (release, plan) = Release("1.0.2-broken", 'c');
        var replica = fixture.Plan.Layout.AppReplicas[0];
        var before = await Image(replica);

        using var load = new EdgeLoad(fixture);
        await Deployer(release, broken).Update(Record(plan, replica));
        var rolledBack = await WaitFor(replica, u => u == "rollback_completed", TimeSpan.FromMinutes(4));
        if (rolledBack)
        {
            fixture.Deployer.RolledBack(replica);
        }

        var counts = await load.Stop();
        output.WriteLine($"unhealthy release of {replica}: {counts}");

        Assert.True(rolledBack, $"{replica}: Swarm did not roll back the unhealthy release ({await fixture.Deployer.Why(replica)})");
        Assert.Equal(before, await Image(replica));
        Assert.True(counts.Sent > 0, "no request was sent through the edge during the rollback");
        Assert.True(counts.Failed == 0, $"{counts.Failed} of {counts.Sent} requests through the edge failed while the old version should have served");
    }

    // One `pulumi up` with a new app image and a new value of an app secret (infra:app.secret.NAME), as a team ships a
    // release with a rotated key: a new Swarm secret, the migrate job and every process of the app's image redeployed
    // from the release's records in rollout order (Deployer.Rotate), the old secret removed. Which value a process holds
    // is read from its app_secret_info fingerprint (app/CONTRACT.md), never from the value. The requests through the
    // edge are counted per phase and printed, not asserted while replicas roll: with dnsrr the edge holds each replaced
    // replica's old address (its retries to the others hide that until the last replica goes), which production's VIPs
    // avoid. Once the edge has re-resolved, every request must succeed again.
    [Fact]
    public async Task AReleaseWithANewSecretRollsOutStartFirstReplicaByReplicaOntoTheNewValueAndRemovesTheOldSecret()
    {
        var next = Variants.Push(fixture.Node, fixture.Deployer.ImageMap[fixture.Plan.Settings.App.Image.ToString()], "app:next", """
            LABEL infra-swarm.release=next
            """);
        var (release, plan) = Release("1.0.1", 'b');
        var deployer = Deployer(release, next, plan);
        var replicas = fixture.Plan.Layout.AppReplicas;
        var secret = OwnSecrets.FileName(SwarmFixture.AppSecret);
        var processes = fixture.Plan.Services.Where(s => !fixture.NotDeployed.Contains(s.Name) && s.Secrets.Any(m => m.Secret == secret)).Select(s => s.Name).ToList();
        Assert.True(replicas.Concat(fixture.Plan.Layout.Workers).All(processes.Contains), $"the plan mounts {secret} in {string.Join(", ", processes)}, not in every replica and worker");
        var key = fixture.SecretValues[AppContract.Secrets.SigningKey];
        var old = SecretFingerprint.Of(key, fixture.SecretValues[secret]);
        foreach (var process in processes)
        {
            Assert.True(await Fingerprint(process) == old, $"service {process}: before the release, does not report the deployed value of {SwarmFixture.AppSecret}");
        }

        var value = $"sk_test_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
        var expected = SecretFingerprint.Of(key, value);
        var oldTasks = new Dictionary<string, string>();
        foreach (var replica in replicas)
        {
            oldTasks[replica] = (string)(await fixture.Deployer.Tasks(replica)).Single(t => (string?)t["DesiredState"] == "running")["ID"]!;
        }

        using var load = new EdgeLoad(fixture);
        var clock = Stopwatch.StartNew();
        (string OldId, string NewId) rotated;
        LoadOutcome during;
        LoadOutcome after;
        try
        {
            rotated = await deployer.Rotate(secret, value);
            fixture.SecretValues[secret] = value;
        }
        finally
        {
            var mark = load.Now();
            during = mark;
            // nginx resolved the replicas at start; with dnsrr their new addresses reach it only on a restart.
            await fixture.RestartEdge();
            var restarted = load.Now();
            await Task.Delay(TimeSpan.FromSeconds(5));
            after = load.Now().Since(restarted);
            var total = await load.Stop();
            output.WriteLine($"release {release} with a new {SwarmFixture.AppSecret} over {string.Join(", ", processes)} in rollout order: {clock.Elapsed.TotalSeconds:F0} s");
            output.WriteLine($"  through the edge (dnsrr, no IPVS) while it rolled: {during}; until the edge had restarted: {restarted.Since(mark)}; 5 s after: {after}; in all {total}");
        }

        DateTimeOffset At(JsonNode task) => DateTimeOffset.Parse((string)task["Status"]!["Timestamp"]!, CultureInfo.InvariantCulture);
        DateTimeOffset? previousRunning = null;
        foreach (var replica in replicas)
        {
            var tasks = await fixture.Deployer.Tasks(replica);
            var current = tasks.Single(t => (string?)t["DesiredState"] == "running");
            var previous = tasks.Single(t => (string?)t["ID"] == oldTasks[replica]);
            Assert.Equal(next, (string?)current["Spec"]!["ContainerSpec"]!["Image"]);
            // start-first: the old task stopped only after the new one ran (healthy).
            Assert.True(At(current) <= At(previous), $"{replica}: the old task stopped at {At(previous):O}, before the new one ran at {At(current):O}");
            // replica by replica: this replica's new task was made only once the one before it ran.
            var created = DateTimeOffset.Parse((string)current["CreatedAt"]!, CultureInfo.InvariantCulture);
            Assert.True(previousRunning is null || created >= previousRunning, $"{replica}: its new task was created at {created:O}, before the previous replica's new task ran at {previousRunning:O}: replicas must roll one after the other");
            previousRunning = At(current);
        }

        foreach (var process in processes)
        {
            var now = await Fingerprint(process);
            Assert.True(now == expected, $"service {process}: reports {SwarmFixture.AppSecret} with fingerprint {now ?? "none"}, not the new value's {expected} (the old value's is {old})");
        }

        var remaining = await fixture.Deployer.SwarmSecrets();
        Assert.True(remaining.ContainsKey(rotated.NewId), $"the new Swarm secret of {secret} is gone");
        Assert.False(remaining.ContainsKey(rotated.OldId), $"the old Swarm secret of {secret} ({remaining.GetValueOrDefault(rotated.OldId)}) still exists after the release");
        Assert.True(after.Sent > 0 && after.Failed == 0, $"after the release and the edge's restart: {after} through the edge; the new release must serve every request");
    }

    // The fingerprint of the probe secret that the service's running task exports, read inside its container.
    private async Task<string?> Fingerprint(string service)
    {
        var (node, container) = await fixture.Deployer.Locate(service);
        var metrics = node.ExecIn(container, ["wget", "-q", "-O", "-", $"http://127.0.0.1:{AppContract.MetricsPort}{AppContract.Paths.Metrics}"]).Stdout;
        var match = SecretInfo().Match(metrics);
        return match.Success ? match.Groups["fingerprint"].Value : null;
    }

    [GeneratedRegex($$"""^{{AppContract.Metrics.SecretInfo}}\{name="{{SwarmFixture.AppSecret}}",fingerprint="(?<fingerprint>[0-9a-f]{16})"\} 1$""", RegexOptions.Multiline)]
    private static partial Regex SecretInfo();

    private (string Image, Plan Plan) Release(string tag, char digit)
    {
        var image = $"ghcr.io/example/infra-app:{tag}@sha256:{new string(digit, 64)}";
        return (image, Planner.Build(SwarmFixture.Config.With("app.image", image)));
    }

    private static SwarmServiceSpec Record(Plan plan, string service) => SwarmServiceSpecs.For(plan).Step(service).Spec;

    private Deployer Deployer(string pinned, string standIn, Plan? release = null) =>
        fixture.Deployer.WithRelease(release ?? fixture.Plan, new Dictionary<string, string>(fixture.Deployer.ImageMap) { [pinned] = standIn });

    private async Task<string?> Image(string service) =>
        (string?)(await fixture.Node.Api.Get($"services/{service}"))["Spec"]!["TaskTemplate"]!["ContainerSpec"]!["Image"];

    private async Task<bool> WaitFor(string service, Func<string?, bool> state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var status = (await fixture.Node.Api.Get($"services/{service}"))["UpdateStatus"]?["State"];
            if (state((string?)status))
            {
                return true;
            }

            await Task.Delay(1000);
        }

        return false;
    }
}
