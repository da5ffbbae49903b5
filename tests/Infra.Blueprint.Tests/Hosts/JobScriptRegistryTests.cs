using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Hosts;

public sealed class JobScriptRegistryTests
{
    private const string Token = "ghp_fakeTokenForTheTest0123456789abcdef";

    private static JobSpec Migrate => Planner.Build(Repository.Stack("staging").With("registry.server", "ghcr.io").With("registry.user", "acme-bot"))
        .Jobs.Single(j => j.Name == Layout.MigrateJob);

    private static string Script(JobSpec job, string? token) => SwarmScripts.WithEnvironment(
        JobScript.Render(job),
        new Dictionary<string, string>(job.Secrets.ToDictionary(s => JobScript.SecretVariable(s.Secret), s => $"secrets-{s.Secret}-0a1b2c3"))
        {
            [RegistryLogin.TokenVariable] = token ?? "",
        }.Where(e => e.Value.Length > 0).ToDictionary());

    [Fact]
    public void AJobOfAPrivateImageLogsInWithTheTokenOnStdinAndPassesTheAuthToSwarm()
    {
        var (exit, log, error) = JobScriptTests.Bash([], Script(Migrate, Token), docker: "Complete now");
        var lines = log.Split('\n');

        Assert.True(exit == 0, error);
        var login = lines.First(l => l.StartsWith("login ", StringComparison.Ordinal));
        Assert.Equal("login --username acme-bot --password-stdin ghcr.io", login);
        Assert.Contains(lines, l => l.StartsWith($"login stdin={Token} config=/tmp/", StringComparison.Ordinal));
        Assert.Contains("--with-registry-auth", lines.Single(l => l.StartsWith("service create", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => !l.StartsWith("login stdin=", StringComparison.Ordinal) && l.Contains(Token, StringComparison.Ordinal));
        var config = lines.First(l => l.StartsWith("login stdin=", StringComparison.Ordinal)).Split("config=")[1];
        Assert.False(Directory.Exists(config), $"the login's config directory {config} was left behind");
    }

    [Fact]
    public void AJobOfAPrivateImageRefusesToRunWithoutTheToken()
    {
        var (exit, log, error) = JobScriptTests.Bash([], Script(Migrate, token: null), docker: "Complete now");

        Assert.NotEqual(0, exit);
        Assert.Contains($"{RegistryLogin.TokenVariable}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("service create", log, StringComparison.Ordinal);
    }

    [Fact]
    public void AJobOfAPublicImageDoesNotLogIn()
    {
        var job = Planner.Build(Repository.Stack("staging")).Jobs.Single(j => j.Name == Layout.MigrateJob);

        var script = JobScript.Render(job);

        Assert.DoesNotContain("docker login", script, StringComparison.Ordinal);
        Assert.DoesNotContain("--with-registry-auth", script, StringComparison.Ordinal);
    }
}
