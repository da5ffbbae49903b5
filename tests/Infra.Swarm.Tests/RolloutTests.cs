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
/// An app release on the Swarm: a healthy one with a rotated app secret rolls out replica by replica, start-first, onto
/// the new value (an unhealthy one is the prod collection's, ProdRolloutTests). Failed requests through the edge are counted and reported: with
/// <c>dnsrr</c> (no IPVS here) nginx keeps a replaced replica's old address until it restarts, which a VIP avoids in
/// production, so the edge's zero-downtime stays the loopback topology's proof.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed partial class RolloutTests(SwarmFixture fixture, ITestOutputHelper output)
{
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
        var (release, plan) = Releases.Of(SwarmFixture.Config, "1.0.1", 'b');
        var deployer = fixture.Deployer.WithImage(release, next, plan);
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
}
