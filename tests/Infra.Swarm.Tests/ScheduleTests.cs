using System.Globalization;
using Infra.Blueprint.Backups;
using Infra.Blueprint.Hosts;
using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.TestKit;

namespace Infra.Swarm.Tests;

/// <summary>
/// The scheduled tasks on the leader, installed as the Pulumi layer installs them: the rendered
/// <c>schedules/install.sh</c>, over SSH as the deploy user through <c>sudo -n bash -s</c>, the Swarm names of the
/// task's secrets exported first. The plan is the operator's staging stack (the reference app's <c>cleanup</c>) plus
/// one task whose command fails (<c>cleanup not-a-number</c>). Each timer's service is started now, as an operator
/// would (<c>systemctl start …service</c>), once (<see cref="ScheduleScenario"/>); the tests read what happened.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class ScheduleTests(SwarmFixture fixture)
{
    private ScheduleScenario Scenario => ScheduleScenario.Of(fixture);

    [Fact]
    public void TheInstallerEnablesATimerPerScheduledTask()
    {
        var scenario = Scenario;
        Assert.True(scenario.Install.ExitCode == 0, $"schedules/install.sh: {scenario.Install.Output}");
        foreach (var schedule in scenario.Plan.Schedules)
        {
            var state = scenario.Leader($"systemctl is-enabled {schedule.UnitName}.timer; systemctl is-active {schedule.UnitName}.timer").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(state is ["enabled", "active"], $"{schedule.UnitName}.timer is [{string.Join(", ", state)}], expected enabled and active");
        }
    }

    [Fact]
    public void AStartedTaskRunsToCompletionOnTheSwarmAndRecordsItsSuccess()
    {
        var scenario = Scenario;
        var (run, cleanup) = (scenario.Cleanup, scenario.CleanupTask);
        Assert.True(run.Start.ExitCode == 0, $"systemctl start {cleanup.UnitName}.service: {run.Start.Output}\n{run.Journal}");
        Assert.Equal("success", run.Result);
        // The job's task logs, printed by its script: the app's cleanup ran in a Swarm task and completed.
        Assert.True(run.Journal.Contains("Cleanup done: deleted", StringComparison.Ordinal), $"{cleanup.UnitName}'s journal shows no completed cleanup:\n{run.Journal}");
        Assert.True(run.Metrics.TryGetValue(ScheduleMetrics.LastStatus, out var status) && status == 1, $"{ScheduleMetrics.FileOf(cleanup.Name)}: {ScheduleMetrics.LastStatus} is not 1:\n{run.MetricsText}");
        Assert.True(run.Metrics.TryGetValue(ScheduleMetrics.LastSuccessTimestamp, out var success) && success >= run.Started,
            $"{ScheduleMetrics.FileOf(cleanup.Name)}: {ScheduleMetrics.LastSuccessTimestamp} is not this run's (started {run.Started}):\n{run.MetricsText}");
        Assert.True(run.Left == "", $"the job {cleanup.Job.Name} left behind: {run.Left}");
    }

    [Fact]
    public void AScheduledTaskNeverRunsTwiceAtOnce()
    {
        var scenario = Scenario;
        var run = scenario.Cleanup;
        // While the unit ran: a second systemctl start joined it, and the runner started by hand found the lock held.
        Assert.True(run.SecondStart.ExitCode == 0, $"the second systemctl start: {run.SecondStart.Output}");
        Assert.True(run.ByHand.ExitCode == 0 && run.ByHand.Stderr.Contains("another run holds", StringComparison.Ordinal),
            $"the runner started by hand during a run: exit {run.ByHand.ExitCode}, expected 0 and a skip:\n{run.ByHand.Output}");
        var runs = run.Journal.Split('\n').Count(l => l.Contains("Cleanup done: deleted", StringComparison.Ordinal));
        Assert.True(runs == 1, $"{scenario.CleanupTask.UnitName}: {runs} cleanup runs completed for two starts and a run by hand, expected 1:\n{run.Journal}");
    }

    [Fact]
    public void AFailingScheduledTaskMarksFailure()
    {
        var scenario = Scenario;
        var (run, broken) = (scenario.Broken, scenario.BrokenTask);
        Assert.True(run.Start.ExitCode != 0, $"systemctl start {broken.UnitName}.service: expected a failure; {run.Start.Output}");
        Assert.Equal("exit-code", run.Result);
        Assert.True(run.Metrics.TryGetValue(ScheduleMetrics.LastStatus, out var status) && status == 0, $"{ScheduleMetrics.FileOf(broken.Name)}: {ScheduleMetrics.LastStatus} is not 0:\n{run.MetricsText}");
        Assert.True(run.Metrics.TryGetValue(ScheduleMetrics.LastSuccessTimestamp, out var success) && success == 0,
            $"{ScheduleMetrics.FileOf(broken.Name)}: a task that never completed shows a last success:\n{run.MetricsText}");
        Assert.True(run.Journal.Contains("the run failed", StringComparison.Ordinal), $"{broken.UnitName}'s journal does not say the run failed:\n{run.Journal}");
        Assert.True(run.Left == "", $"the job {broken.Job.Name} left behind: {run.Left}");
    }
}

/// <summary>One started run of a scheduled task's unit, as the tests read it afterwards.</summary>
/// <param name="Started">Unix time before the start.</param>
/// <param name="Start">What <c>systemctl start</c> returned (it waits for a oneshot unit).</param>
/// <param name="SecondStart">A second <c>systemctl start</c> while the first ran (cleanup only).</param>
/// <param name="ByHand">The runner started by hand while the unit ran (cleanup only).</param>
/// <param name="Result">systemd's <c>Result</c> of the unit afterwards.</param>
/// <param name="Journal">The unit's journal of this run.</param>
/// <param name="MetricsText">The task's text file in node-exporter's directory.</param>
/// <param name="Left">Job services or containers left on the node.</param>
public sealed record ScheduledRun(long Started, ProcessResult Start, ProcessResult SecondStart, ProcessResult ByHand, string Result, string Journal, string MetricsText, string Left)
{
    /// <summary>The text file's samples, by metric name.</summary>
    public IReadOnlyDictionary<string, double> Metrics => MetricsText.Split('\n')
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => (Name: l[..l.IndexOf('{', StringComparison.Ordinal)], Value: l[(l.LastIndexOf(' ') + 1)..]))
        .ToDictionary(s => s.Name, s => double.Parse(s.Value, CultureInfo.InvariantCulture));
}

/// <summary>The schedules installed on the leader and each task started once; made on first use, for the whole tier.</summary>
public sealed class ScheduleScenario
{
    private static readonly Lock Gate = new();
    private static ScheduleScenario? _made;
    private readonly SwarmFixture fixture;

    private ScheduleScenario(SwarmFixture fixture)
    {
        this.fixture = fixture;
        var shipped = StackFiles.Load(fixture.Operator.Project, SwarmFixture.Stack);
        var schedules = System.Text.Json.JsonSerializer.Deserialize<string[]>(shipped.Values[$"{ConfigKeys.Namespace}:app.schedules"])!;
        Plan = Planner.Build(shipped.WithList("app.schedules", [.. schedules, "broken 0 4 * * * timeoutSeconds=120 -- cleanup not-a-number"]));
        CleanupTask = Plan.Schedules.Single(s => s.Name == "cleanup");
        BrokenTask = Plan.Schedules.Single(s => s.Name == "broken");

        var exports = Plan.Schedules.SelectMany(s => s.Job.Secrets).Select(m => m.Secret).Distinct()
            .ToDictionary(JobScript.SecretVariable, s => fixture.Deployer.Secrets[s].Name);
        Install = fixture.Operator.AsRoot(SwarmScripts.WithEnvironment(Plan.File(ScheduleScripts.InstallPath).Content, exports));
        if (Install.ExitCode != 0)
        {
            throw new InvalidOperationException($"schedules/install.sh failed ({Install.ExitCode}):\n{Install.Output}");
        }

        Cleanup = StartWhileRunning(CleanupTask);
        Broken = Start(BrokenTask, whileRunning: null);
    }

    /// <summary>The plan whose schedules were installed.</summary>
    public Plan Plan { get; }

    /// <summary>The reference app's cleanup.</summary>
    public ScheduleSpec CleanupTask { get; }

    /// <summary>The task whose command fails.</summary>
    public ScheduleSpec BrokenTask { get; }

    /// <summary>What the installer returned.</summary>
    public ProcessResult Install { get; }

    /// <summary>The cleanup's run, with a second start and a run by hand while it ran.</summary>
    public ScheduledRun Cleanup { get; }

    /// <summary>The failing task's run.</summary>
    public ScheduledRun Broken { get; }

    /// <summary>The scenario of <paramref name="fixture"/>'s Swarm, made on first use.</summary>
    public static ScheduleScenario Of(SwarmFixture fixture)
    {
        lock (Gate)
        {
            return _made ??= new ScheduleScenario(fixture);
        }
    }

    /// <summary>Runs <paramref name="script"/> on the leader as root, over SSH as the deploy user.</summary>
    public ProcessResult Leader(string script) => fixture.Operator.AsRoot(script);

    private ScheduledRun StartWhileRunning(ScheduleSpec schedule) => Start(schedule, () =>
    {
        // While the first start's job runs: systemd joins a second start to it; the runner's lock turns away a run by hand.
        var second = Task.Run(() => Leader($"systemctl start {schedule.UnitName}.service"));
        var byHand = Leader($"set -a; . {schedule.EnvironmentFile}; set +a; bash {schedule.InstalledScript}");
        return (second.GetAwaiter().GetResult(), byHand);
    });

    private ScheduledRun Start(ScheduleSpec schedule, Func<(ProcessResult Second, ProcessResult ByHand)>? whileRunning)
    {
        var started = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var unit = $"{schedule.UnitName}.service";
        ProcessResult start;
        (ProcessResult Second, ProcessResult ByHand) during = (new(0, "", ""), new(0, "", ""));
        if (whileRunning is null)
        {
            start = Leader($"systemctl start {unit}");
        }
        else
        {
            var first = Leader($"""
                systemctl start --no-block {unit}
                for _ in $(seq 100); do
                  [[ $(systemctl show -p ActiveState --value {unit}) == activating ]] && exit 0
                  sleep 0.1
                done
                echo "{unit} did not start within 10 s" >&2
                exit 1
                """);
            if (first.ExitCode != 0)
            {
                throw new InvalidOperationException(first.Output);
            }

            during = whileRunning();
            start = Leader($"""
                while [[ $(systemctl show -p ActiveState --value {unit}) == activating ]]; do sleep 0.5; done
                [[ $(systemctl show -p Result --value {unit}) == success ]]
                """);
        }

        var job = schedule.Job.Name;
        var after = Leader($$$"""
            systemctl show -p Result --value {{{unit}}}
            echo ---
            journalctl --no-pager -o cat -u {{{unit}}} --since @{{{started}}}
            echo ---
            cat "$(docker volume inspect --format '{{.Mountpoint}}' {{{BackupMetrics.TextfileVolume}}})/{{{ScheduleMetrics.FileOf(schedule.Name)}}}"
            echo ---
            { docker service ls --format '{{.Name}}'; docker ps --all --format '{{.Label "com.docker.swarm.service.name"}}'; } | grep -x -- "{{{job}}}" || true
            """).Stdout.Split("---\n");
        return new ScheduledRun(started, start, during.Second, during.ByHand, after[0].Trim(), after[1], after[2], after[3].Trim());
    }
}
