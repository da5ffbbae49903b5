using Infra.Blueprint.Operate;
using Infra.Cli;
using Infra.Cli.Operate;
using Infra.Hosts.Tests.Fixtures;
using Infra.TestKit;

namespace Infra.Hosts.Tests;

/// <summary>
/// The CLI's operator commands over real SSH, as the deploy user with the deploy key and the known-hosts file the
/// provisioning recorded, against plan B's Swarm with one small service the test deploys under the first app
/// replica's name (the Debian base image, loaded into node-1's engine: the test servers reach no registry). The plan's
/// other services are not deployed here; the real-Swarm tier deploys them.
/// </summary>
[Collection(HostsCollection.Name)]
public sealed class OperatorCommandTests(HostsScenario scenario)
{
    private const string Probe = "operator-probe";
    private static readonly SemaphoreSlim Deploying = new(1, 1);
    private static bool _deployed;

    private string App => scenario.PlanB.Plan.Layout.AppReplicas[0];

    [Fact]
    public async Task PsListsTheServiceWithItsReplicasImageNodeAndHealth()
    {
        var image = await DeployProbe();

        var run = await Cli(ctx => PsCommand.RunAsync(ctx, CancellationToken.None));

        Assert.True(run.Exit == 0, $"ps: {run}");
        var lines = run.Output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith(App + " ", StringComparison.Ordinal) && l.Contains(" 1/1 ", StringComparison.Ordinal) && l.EndsWith(image, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith($"{App}.1 ", StringComparison.Ordinal) && l.Contains(" node-1 ", StringComparison.Ordinal) && l.Contains(" healthy ", StringComparison.Ordinal));
        Assert.Contains("not deployed: postgres", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogsShowsTheServicesLinesAndGrepKeepsOnlyTheMatchingOnes()
    {
        await DeployProbe();

        var matching = await Cli(ctx => LogsCommand.RunAsync(ctx, new LogsRequest(App, Grep: Probe), CancellationToken.None));
        var none = await Cli(ctx => LogsCommand.RunAsync(ctx, new LogsRequest(App, Since: "1h", Grep: "no-such-line"), CancellationToken.None));

        // Swarm prefixes each line with its task and node: app-1.1.<task id>@node-1 | …
        Assert.True(matching.Exit == 0 && matching.Output.Split('\n').Any(l => l.Contains("@node-1", StringComparison.Ordinal) && l.EndsWith($"{Probe} line", StringComparison.Ordinal)),
            $"logs {App} --grep {Probe}: {matching}");
        Assert.True(none.Exit == 0 && none.Output.Trim() == "", $"logs {App} --grep no-such-line: expected no line and exit 0; {none}");
    }

    [Fact]
    public async Task ExecRefusesAnAppServiceThatRunsWithoutThePlannedSecrets()
    {
        await DeployProbe();

        var run = await Cli(ctx => ExecCommand.RunAsync(ctx, new ExecRequest(["migrate"], [], 60, "20261201t000000"), CancellationToken.None));

        Assert.True(run.Exit == 1, $"exec: expected exit 1; {run}");
        Assert.Contains($"exec: {App} mounts no secret as /run/secrets/app_signing_key", run.Error, StringComparison.Ordinal);
        Assert.Equal("", scenario.Console("node-1", "docker service ls --quiet --filter name=exec-").Stdout.Trim());
    }

    private async Task<(int Exit, string Output, string Error)> Cli(Func<OperatorContext, Task<int>> verb)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var plan = scenario.PlanB.Plan;
        var exit = await verb(new OperatorContext(new DirectoryInfo("."), plan.Stack, new FileInfo(scenario.PrivateKey), DryRun: false, output, error, plan));
        return (exit, output.ToString(), error.ToString());
    }

    // Once for the class: the base image into node-1's engine, the probe service on node-1, healthy.
    private async Task<string> DeployProbe()
    {
        var image = DebianImages.Base();
        await Deploying.WaitAsync();
        try
        {
            if (!_deployed)
            {
                var node = scenario.Hosts["node-1"].Container;
                HostsScenario.Check(Tools.Run("bash", ["-c", "docker save \"$1\" | docker exec -i \"$2\" docker load -q", "load", image, node], TimeSpan.FromMinutes(3)), "loading the probe image into node-1");
                HostsScenario.Check(scenario.Console("node-1", $$"""
                    set -euo pipefail
                    docker service create --detach --quiet --no-resolve-image --name {{App}} --constraint node.hostname==node-1 \
                      --health-cmd true --health-interval 1s --health-start-period 0s {{image}} \
                      bash -c 'echo "{{Probe}} line"; exec sleep infinity' >/dev/null
                    for _ in $(seq 60); do
                      docker ps --filter label=com.docker.swarm.service.name={{App}} --format '{{"{{.Status}}"}}' | grep -q '(healthy)' && exit 0
                      sleep 1
                    done
                    echo "{{App}} did not become healthy in 60 s" >&2
                    exit 1
                    """), "the probe service");
                _deployed = true;
            }
        }
        finally
        {
            Deploying.Release();
        }

        return image;
    }
}
