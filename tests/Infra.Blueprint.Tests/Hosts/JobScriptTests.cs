using System.Diagnostics;
using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Hosts;

public sealed class JobScriptTests
{
    public static TheoryData<string, string> Jobs
    {
        get
        {
            var jobs = new TheoryData<string, string>();
            foreach (var stack in Repository.Stacks)
            {
                foreach (var job in Planner.Build(Repository.Stack(stack)).Jobs)
                {
                    jobs.Add(stack, job.Name);
                }
            }

            return jobs;
        }
    }

    private static JobSpec Job(string stack, string name) => Planner.Build(Repository.Stack(stack)).Jobs.Single(j => j.Name == name);

    [Theory]
    [MemberData(nameof(Jobs))]
    public void EveryJobScriptIsValidBashAndShippedInThePlan(string stack, string name)
    {
        var plan = Planner.Build(Repository.Stack(stack));
        var job = plan.Jobs.Single(j => j.Name == name);

        var (exit, _, error) = Bash(["-n"], plan.File(job.ScriptPath).Content, docker: null);

        Assert.True(exit == 0, $"{job.ScriptPath}: {error}");
        Assert.Equal(JobScript.Render(job), plan.File(job.ScriptPath).Content);
    }

    [Fact]
    public void ACompletedJobPassesAndItsServiceIsRemoved()
    {
        var job = Job("prod", Layout.MigrateJob);

        var (exit, log, error) = Bash([], Script(job), docker: "Complete 2 seconds ago");

        Assert.True(exit == 0, error);
        Assert.Contains($"service create --detach --quiet --name {job.ServiceName} --mode replicated --replicas 1 --restart-condition none", log, StringComparison.Ordinal);
        AssertRemovedWithItsContainers(job, log);
    }

    [Fact]
    public void AFailedJobFailsTheScriptNamesTheStateAndIsStillRemoved()
    {
        var job = Job("prod", Layout.MigrateJob);

        var (exit, log, error) = Bash([], Script(job), docker: "Failed 1 second ago");

        Assert.Equal(1, exit);
        Assert.Contains("job migrate: its task ended as 'Failed'", error, StringComparison.Ordinal);
        AssertRemovedWithItsContainers(job, log);
    }

    [Theory]
    [InlineData("staging", Layout.MigrateJob)]
    [InlineData("staging", Layout.BackupToolsJob)]
    public void AJobDoesNotInheritTheImageHealthcheck(string stack, string name)
    {
        var job = Job(stack, name);

        var (exit, log, error) = Bash([], Script(job), docker: "Complete now");

        Assert.True(exit == 0, error);
        Assert.Contains("--no-healthcheck", log.Split('\n').Single(l => l.StartsWith("service create", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void SecretsAreMountedUnderTheSwarmNameGivenInTheEnvironment()
    {
        var job = Job("prod", Layout.MigrateJob);

        var (exit, log, _) = Bash([], Script(job), docker: "Complete now");
        var (missingExit, _, missingError) = Bash([], JobScript.Render(job), docker: "Complete now");

        Assert.Equal(0, exit);
        Assert.Contains("--secret source=secrets-postgres_app_password-0a1b2c3,target=postgres_password,uid=0,gid=0,mode=0444", log, StringComparison.Ordinal);
        Assert.NotEqual(0, missingExit);
        Assert.Contains(JobScript.SecretVariable("postgres_app_password"), missingError, StringComparison.Ordinal);
    }

    [Fact]
    public void TheServiceNameChangesWithTheImageDigest()
    {
        var job = Job("prod", Layout.MigrateJob);
        var next = job with { Image = job.Image[..job.Image.IndexOf('@', StringComparison.Ordinal)] + "@sha256:" + new string('b', 64) };

        Assert.Equal("migrate-4c2a0b1e5f6d", job.ServiceName);
        Assert.Equal("migrate-bbbbbbbbbbbb", next.ServiceName);
    }

    // The service last, and then the script waits for Swarm to delete its task (the fake's inspect says it is gone);
    // the script removes no container itself: Swarm does, on the node the task ran on.
    private static void AssertRemovedWithItsContainers(JobSpec job, string log)
    {
        var lines = log.Split('\n').Where(l => l.Length > 0).ToList();
        var removed = lines.FindLastIndex(l => l.StartsWith("service rm ", StringComparison.Ordinal));
        Assert.True(removed > lines.FindIndex(l => l.StartsWith("service create ", StringComparison.Ordinal)), $"the job's service is not removed after it ran:\n{log}");
        Assert.Equal($"service rm {job.ServiceName}", lines[removed]);
        Assert.All(lines[(removed + 1)..], l => Assert.StartsWith("inspect --type task ", l, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("container ", StringComparison.Ordinal));
    }

    private static string Script(JobSpec job) => SwarmScripts.WithEnvironment(
        JobScript.Render(job),
        job.Secrets.ToDictionary(s => JobScript.SecretVariable(s.Secret), s => $"secrets-{s.Secret}-0a1b2c3"));

    // Runs the script against a fake docker that logs its arguments (and what `login` reads on stdin, and the config
    // directory it was given) and reports the task state given.
    internal static (int Exit, string Log, string Error) Bash(IReadOnlyList<string> options, string script, string? docker)
    {
        var dir = Directory.CreateTempSubdirectory("jobscript-");
        try
        {
            var log = Path.Combine(dir.FullName, "docker.log");
            File.WriteAllText(Path.Combine(dir.FullName, "docker"), $"""
                #!/usr/bin/env bash
                echo "$*" >> '{log}'
                if [[ "$1" == login ]]; then echo "login stdin=$(cat) config=$DOCKER_CONFIG" >> '{log}'; fi
                if [[ "$1 $2" == "service ps" ]]; then echo '{docker}'; fi
                # Swarm has deleted the removed service's task.
                if [[ "$1" == inspect ]]; then exit 1; fi

                """);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path.Combine(dir.FullName, "docker"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var start = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var option in options)
            {
                start.ArgumentList.Add(option);
            }

            start.ArgumentList.Add("-s");
            start.Environment["PATH"] = dir.FullName + ":" + Environment.GetEnvironmentVariable("PATH");
            var bash = Process.Start(start)!;
            bash.StandardInput.Write(script);
            bash.StandardInput.Close();
            var error = bash.StandardError.ReadToEndAsync();
            bash.StandardOutput.ReadToEnd();
            bash.WaitForExit();
            return (bash.ExitCode, File.Exists(log) ? File.ReadAllText(log) : "", error.Result);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
