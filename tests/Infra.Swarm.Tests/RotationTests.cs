using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Infra.Blueprint.Platform;
using Infra.Contract;
using Infra.TestKit;
using Xunit.Abstractions;

namespace Infra.Swarm.Tests;

/// <summary>
/// A new value of an app secret (<c>infra:app.secret.NAME</c>) on the real Swarm, applied as <c>pulumi up</c> applies it
/// (<see cref="Deployer.Rotate"/>): a new Swarm secret, every process of the app's image updated in rollout order from
/// its own record, the old secret removed. Which value a process holds is read from its <c>app_secret_info</c>
/// fingerprint (app/CONTRACT.md), never from the value. Requests through the edge are counted and printed: with
/// <c>dnsrr</c> (no IPVS here) nginx keeps a replaced replica's old address until it re-resolves, which a VIP avoids in
/// production, so this count is not the zero-downtime proof (the loopback topology's is).
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed partial class RotationTests(SwarmFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task ANewAppSecretValueReachesEveryReplicaAndWorkerAndTheOldSecretIsRemoved()
    {
        var secret = OwnSecrets.FileName(SwarmFixture.AppSecret);
        var processes = fixture.Plan.Services.Where(s => !fixture.NotDeployed.Contains(s.Name) && s.Secrets.Any(m => m.Secret == secret)).Select(s => s.Name).ToList();
        var key = fixture.SecretValues[AppContract.Secrets.SigningKey];
        var old = SecretFingerprint.Of(key, fixture.SecretValues[secret]);
        var value = $"sk_test_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
        var expected = SecretFingerprint.Of(key, value);
        Assert.True(
            fixture.Plan.Layout.AppReplicas.Concat(fixture.Plan.Layout.Workers).All(processes.Contains),
            $"the plan mounts {secret} in {string.Join(", ", processes)}, not in every replica and worker");
        foreach (var process in processes)
        {
            Assert.True(await Fingerprint(process) == old, $"service {process}: before the rotation, does not report the deployed value of {SwarmFixture.AppSecret}");
        }

        var clock = Stopwatch.StartNew();
        var load = new EdgeLoad(fixture);
        LoadOutcome counts;
        (string OldId, string NewId) rotated;
        try
        {
            rotated = await fixture.Deployer.Rotate(secret, value);
            fixture.SecretValues[secret] = value;
        }
        finally
        {
            counts = await load.Stop();
            load.Dispose();
            // nginx resolved the replicas at start; with dnsrr their new addresses reach it when it re-reads its config.
            await ReloadEdge();
        }

        output.WriteLine($"rotation of {secret} over {string.Join(", ", processes)} in rollout order: {clock.Elapsed.TotalSeconds:F0} s; {counts} through the edge (dnsrr: nginx kept each replaced replica's old address)");
        foreach (var process in processes)
        {
            var now = await Fingerprint(process);
            Assert.True(now == expected, $"service {process}: reports {SwarmFixture.AppSecret} with fingerprint {now ?? "none"}, not the new value's {expected} (the old value's is {old})");
        }

        var remaining = await fixture.Deployer.SwarmSecrets();
        Assert.True(remaining.ContainsKey(rotated.NewId), $"the new Swarm secret of {secret} is gone");
        Assert.False(remaining.ContainsKey(rotated.OldId), $"the old Swarm secret of {secret} ({remaining.GetValueOrDefault(rotated.OldId)}) still exists after the rotation");
        Assert.True(counts.Sent > 0, "no request was sent through the edge during the rotation");
    }

    // The fingerprint of the probe secret that the service's running task exports, read inside its container.
    private async Task<string?> Fingerprint(string service)
    {
        var (node, container) = await fixture.Deployer.Locate(service);
        var metrics = node.ExecIn(container, ["wget", "-q", "-O", "-", $"http://127.0.0.1:{AppContract.MetricsPort}{AppContract.Paths.Metrics}"]).Stdout;
        var match = SecretInfo().Match(metrics);
        return match.Success ? match.Groups["fingerprint"].Value : null;
    }

    private async Task ReloadEdge()
    {
        foreach (var edge in fixture.Plan.Layout.EdgeServices.Values)
        {
            var (node, container) = await fixture.Deployer.Locate(edge);
            node.ExecIn(container, ["nginx", "-s", "reload"], user: "0");
        }

        // The new workers resolve at start; the old ones finish their requests and exit.
        await Task.Delay(2000);
    }

    [GeneratedRegex($$"""^{{AppContract.Metrics.SecretInfo}}\{name="{{SwarmFixture.AppSecret}}",fingerprint="(?<fingerprint>[0-9a-f]{16})"\} 1$""", RegexOptions.Multiline)]
    private static partial Regex SecretInfo();
}
