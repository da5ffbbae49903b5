using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Infra.Blueprint.Operate;
using Infra.Cli;
using Infra.Contract;

namespace Infra.Swarm.Tests;

/// <summary>
/// The CLI's operator verbs, run in-process as an operator runs them (<c>--stack staging --project … --identity …</c>)
/// over real SSH as the deploy user to the tier's leader (<see cref="OperatorAccess"/>), against the staging plan the
/// fixture deployed. What each reports is checked against the engine's own answers.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class OperatorCommandTests(SwarmFixture fixture)
{
    [Fact]
    public async Task PsListsEveryServiceWithTheReplicasImageNodeAndHealthTheEngineReports()
    {
        var run = await fixture.Operator.Cli("ps");

        Assert.True(run.Exit == ExitCodes.Success, $"ps: {run}");
        var listed = Blocks(run.Output);
        foreach (var service in (await fixture.Node.Api.Get("services")).AsArray().Select(s => s!))
        {
            var name = (string)service["Spec"]!["Name"]!;
            var image = (string)service["Spec"]!["TaskTemplate"]!["ContainerSpec"]!["Image"]!;
            var running = (await fixture.Deployer.Tasks(name)).Where(t => (string?)t["DesiredState"] == "running").ToList();
            var desired = service["Spec"]!["Mode"]!["Replicated"]?["Replicas"] is { } replicas ? (int)replicas : running.Count;
            Assert.True(listed.TryGetValue(name, out var block), $"ps lists no service {name}:\n{run.Output}");
            var columns = block.Header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var replicasColumn = string.Join(' ', columns[1..^1]);
            Assert.True(replicasColumn.StartsWith($"{running.Count(t => (string?)t["Status"]!["State"] == "running")}/{desired}", StringComparison.Ordinal) && columns[^1] == image,
                $"ps: service {name} is '{block.Header}'; the engine runs {image} with {running.Count}/{desired} tasks");
            Assert.True(block.Tasks.Count == running.Count, $"ps: service {name} lists {block.Tasks.Count} task(s), the engine has {running.Count} meant to run:\n{string.Join('\n', block.Tasks)}");
            foreach (var task in running)
            {
                var container = (string)task["Status"]!["ContainerStatus"]!["ContainerID"]!;
                var health = fixture.Node.Exec(["docker", "inspect", "--format", "{{if .State.Health}}{{.State.Health.Status}}{{else}}no healthcheck{{end}}", container]).Stdout.Trim();
                var node = await fixture.Deployer.HostnameOf((string)task["NodeID"]!);
                Assert.True(block.Tasks.Any(t => t.Contains($" {node} ", StringComparison.Ordinal) && t.Contains($" {health} ", StringComparison.Ordinal)),
                    $"ps: service {name} shows no task on {node} that is {health}, as the engine says:\n{string.Join('\n', block.Tasks)}");
            }
        }

        var missing = fixture.Plan.Services.Select(s => s.Name).Where(fixture.NotDeployed.Contains).Order(StringComparer.Ordinal);
        var notDeployed = run.Output.Split('\n').Where(l => l.StartsWith("not deployed: ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).Order(StringComparer.Ordinal);
        Assert.Equal(missing, notDeployed);
    }

    [Fact]
    public async Task LogsReturnsEveryReplicasKnownLineAndGrepKeepsOnlyMatchingLines()
    {
        // Each replica logs this once Redis answers (app/Infra.App/Updates/TaskUpdates.cs).
        const string known = "Subscribed to Redis channel";
        var app = await fixture.Operator.Cli("logs", "app", "--since", "3h", "--grep", known);
        var none = await fixture.Operator.Cli("logs", fixture.Plan.Layout.AppReplicas[0], "--since", "3h", "--grep", "no-such-line-anywhere");

        var lines = app.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(app.Exit == ExitCodes.Success && lines.Length > 0 && lines.All(l => l.Contains(known, StringComparison.Ordinal)), $"logs app --grep '{known}': {app}");
        foreach (var replica in fixture.Plan.Layout.AppReplicas)
        {
            // Swarm prefixes each line with its timestamp, task and node: 2026-…Z app-1.1.<task id>@node-1 | …
            Assert.True(lines.Any(l => l.Split(' ', 3) is [_, var task, _] && task.StartsWith($"{replica}.", StringComparison.Ordinal) && task.EndsWith($"@{fixture.Plan.Leader.Name}", StringComparison.Ordinal)),
                $"logs app: no line of {replica} on {fixture.Plan.Leader.Name}: {app}");
        }

        Assert.True(none.Exit == ExitCodes.Success && none.Output.Trim() == "", $"logs --grep no-such-line-anywhere: expected no line and exit 0; {none}");
    }

    [Fact]
    public async Task ExecRunsAOneOffAppTaskWithTheAppsSecretsAndNetworksAndLeavesNothingBehind()
    {
        var app = ExecScript.AppService(fixture.Operator.Plan);
        // Hashes, not values: the task's output is printed. migrate reaches Postgres with the password file (networks, secrets).
        var run = await fixture.Operator.Cli("exec", "--timeout", "180", "--entrypoint", "sh -c", "--",
            $"cd {AppContract.SecretsDirectory} && sha256sum * && dotnet /app/Infra.App.dll migrate");

        Assert.True(run.Exit == ExitCodes.Success, $"exec: {run}");
        foreach (var mount in app.Secrets)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fixture.SecretValues[mount.Secret])));
            Assert.True(run.Output.Contains($"{hash}  {mount.FileName}", StringComparison.Ordinal),
                $"exec: the task's {AppContract.SecretsDirectory}/{mount.FileName} does not hold the secret {mount.Secret} {app.Name} runs with: {run}");
        }

        Assert.True(run.Output.Contains("Schema is up to date", StringComparison.Ordinal), $"exec: migrate did not reach the database: {run}");
        // The node removes a removed service's container shortly after Swarm drops its task: bounded wait, then nothing.
        List<string> left = [];
        for (var attempt = 0; attempt < 30; attempt++)
        {
            left = [.. fixture.Node.Exec(["bash", "-c", "docker service ls --format '{{.Name}}'; docker ps --all --format '{{.Label \"com.docker.swarm.service.name\"}}'"]).Stdout
                .Split('\n').Where(n => n.StartsWith("exec-", StringComparison.Ordinal))];
            if (left.Count == 0)
            {
                break;
            }

            await Task.Delay(1000);
        }

        Assert.True(left.Count == 0, $"exec left behind after 30 s: {string.Join(", ", left)}");
    }

    [Fact]
    public async Task AStackWhoseLeaderShowsAnotherHostKeyIsRefusedInOneLineAndNothingRuns()
    {
        var stranger = Path.Combine(fixture.Operator.Project, "stranger");
        Directory.CreateDirectory(stranger);
        var knownHosts = Path.Combine(stranger, "known_hosts");
        // Another server's key under the leader's address: what a reinstalled or spoofed host looks like.
        var key = Path.Combine(stranger, "other_host_key");
        Shell.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key]);
        File.WriteAllText(knownHosts, $"{fixture.Node.Address} {File.ReadAllText(key + ".pub").Trim()}\n");
        OperatorAccess.WriteStackFiles(fixture, stranger, knownHosts);
        var before = fixture.Node.Exec(["docker", "service", "ls", "--quiet"]).Stdout;

        var run = await fixture.Operator.CliIn(stranger, "exec", "--", "migrate");

        Assert.True(run.Exit == ExitCodes.CheckFailed, $"exec against a changed host key: expected exit {ExitCodes.CheckFailed}; {run}");
        var message = run.Error.Split('\n').Single(l => l.StartsWith("exec: cannot reach stack 'staging'", StringComparison.Ordinal));
        Assert.Contains($"deploy@{fixture.Node.Address} port 22 ({fixture.Plan.Leader.Name})", message, StringComparison.Ordinal);
        Assert.Contains("infra:ssh.knownHostsFile", message, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Node.Exec(["docker", "service", "ls", "--quiet"]).Stdout);
    }

    // ps's output: a line per service (SERVICE REPLICAS IMAGE), its tasks under it indented by two spaces.
    private static Dictionary<string, (string Header, List<string> Tasks)> Blocks(string output)
    {
        var blocks = new Dictionary<string, (string Header, List<string> Tasks)>(StringComparer.Ordinal);
        List<string>? tasks = null;
        foreach (var line in output.Split('\n').Skip(1).Where(l => l.Length > 0))
        {
            if (line.StartsWith("  ", StringComparison.Ordinal) && tasks is not null)
            {
                tasks.Add(line);
            }
            else if (!line.StartsWith("not deployed: ", StringComparison.Ordinal) && !line.StartsWith("image differs: ", StringComparison.Ordinal))
            {
                tasks = [];
                blocks[line.Split(' ')[0]] = (line, tasks);
            }
            else
            {
                tasks = null;
            }
        }

        return blocks;
    }
}
