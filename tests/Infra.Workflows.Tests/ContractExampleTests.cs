using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.Contract;
using Infra.TestKit;

namespace Infra.Workflows.Tests;

/// <summary>
/// app/CONTRACT.md's worked example of bringing one's own app: its stack file is one the settings reader and the
/// planner accept, with the project's <c>Pulumi.yaml</c>, and plans what the page says it plans; its
/// <c>pulumi config set --secret</c> commands set exactly the secrets that stack file declares.
/// </summary>
public sealed class ContractExampleTests
{
    private const string Page = "app/CONTRACT.md";
    private const string Heading = "## Worked example: bringing your own app";

    [Fact]
    public void TheWorkedExamplesStackFilePlansEveryProcessWithItsSecretsAndLogin()
    {
        var config = StackFiles.Parse("staging", File.ReadAllText(Repository.PathOf("Pulumi.yaml")), StackFile());
        var plan = Planner.Build(config);

        var processes = plan.Layout.AppReplicas.Concat(plan.Layout.Workers).ToList();
        Assert.Equal(["app-1", "app-2", "worker-mailer"], processes);
        foreach (var name in processes)
        {
            var service = plan.Service(name);
            foreach (var secret in new[] { "STRIPE_KEY", "JWT_SIGNING_KEY" })
            {
                Assert.True(service.Secrets.Any(m => m.FileName == OwnSecrets.FileName(secret)), $"{Page}: {name} does not mount {OwnSecrets.FileName(secret)}");
                Assert.True(service.Environment.GetValueOrDefault(OwnSecrets.FileVariable(secret)) == OwnSecrets.PathOf(secret), $"{Page}: {name} lacks {OwnSecrets.FileVariable(secret)}");
            }

            Assert.True(service.Registry?.Server == "ghcr.io", $"{Page}: {name} does not pull with the ghcr.io login");
        }

        Assert.Equal(["worker", "mailer"], plan.Service("worker-mailer").Command);
        var schedule = Assert.Single(plan.Schedules);
        Assert.Equal("prune-carts", schedule.Name);
        Assert.Equal(["prune-carts", "--older-than", "30d"], schedule.Job.Command);
    }

    [Fact]
    public void TheWorkedExamplesCommandsSetEverySecretItsStackFileHoldsAndNoOther()
    {
        var config = StackFiles.Parse("staging", File.ReadAllText(Repository.PathOf("Pulumi.yaml")), StackFile());
        var set = DocsCommands.All()
            .Where(c => c.Where.StartsWith(Page + ":", StringComparison.Ordinal) && Line(c.Where) > HeadingLine())
            .Where(c => c.Tokens is ["pulumi", "config", "set", ..] && c.Tokens.Contains("--secret"))
            .Select(c => c.Tokens.First(t => t.StartsWith(ConfigKeys.Namespace + ":", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal).ToList();

        Assert.Equal(config.Secrets.Order(StringComparer.Ordinal).ToList(), set);
    }

    // The yaml block of the worked example that is a stack file (it starts with `config:`).
    private static string StackFile()
    {
        var lines = File.ReadAllLines(Repository.PathOf(Page)).Skip(HeadingLine()).ToList();
        var start = lines.FindIndex(l => l == "```yaml");
        var block = lines.Skip(start + 1).TakeWhile(l => l != "```").ToList();
        Assert.True(start >= 0 && block.FirstOrDefault() == "config:", $"{Page}: no ```yaml block starting with 'config:' under '{Heading}'");
        return string.Join('\n', block) + "\n";
    }

    private static int HeadingLine()
    {
        var index = Array.IndexOf(File.ReadAllLines(Repository.PathOf(Page)), Heading);
        Assert.True(index >= 0, $"{Page}: no heading '{Heading}'");
        return index + 1;
    }

    private static int Line(string where) => int.Parse(where[(where.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
