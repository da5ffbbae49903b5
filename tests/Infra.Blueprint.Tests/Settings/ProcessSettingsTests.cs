using Infra.Blueprint.Settings;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Settings;

public sealed class ProcessSettingsTests
{
    public static TheoryData<string, string, string, string, string> MalformedEntries => new()
    {
        { "worker without a command", "app.workers", "queue replicas=2", "infra:app.workers[0]", "-- <command>" },
        { "worker name not a label", "app.workers", "Queue_1 -- worker", "infra:app.workers[0].name", "lower-case letters" },
        { "worker replicas zero", "app.workers", "queue replicas=0 -- worker", "infra:app.workers[0].replicas", "between 1 and 50" },
        { "worker field misspelt", "app.workers", "queue replica=2 -- worker", "infra:app.workers[0].replica", "replicas=…" },
        { "worker stop grace not a number", "app.workers", "queue stopGraceSeconds=30s -- worker", "infra:app.workers[0].stopGraceSeconds", "whole number" },
        { "schedule with four cron fields", "app.schedules", "cleanup 30 3 * * -- cleanup", "infra:app.schedules[0].schedule", "has 4 fields" },
        { "schedule hour out of range", "app.schedules", "cleanup 30 24 * * * -- cleanup", "infra:app.schedules[0].schedule", "hour field '24'" },
        { "schedule restricting day of month and day of week", "app.schedules", "cleanup 0 3 1 * 1 -- cleanup", "infra:app.schedules[0].schedule", "restrict only one" },
        { "schedule timeout too short", "app.schedules", "cleanup 0 3 * * * timeoutSeconds=1 -- cleanup", "infra:app.schedules[0].timeoutSeconds", "between 10" },
    };

    [Theory]
    [MemberData(nameof(MalformedEntries))]
    public void AMalformedProcessEntryIsRefusedWithItsPathAndTheFix(string problem, string key, string entry, string path, string fix)
    {
        var config = Repository.Stack("staging").WithList(key, entry);

        var (settings, errors) = SettingsReader.TryRead(config.Stack, config.Values);

        Assert.Null(settings);
        Assert.True(
            errors.Any(e => e.Path == path && e.Message.Contains(fix, StringComparison.Ordinal)),
            $"{problem}: expected an error at {path} mentioning \"{fix}\"; got:\n  {string.Join("\n  ", errors)}");
    }

    [Fact]
    public void TwoProcessesOfOneKindCannotShareAName()
    {
        var config = Repository.Stack("staging").WithList("app.workers", "queue -- worker", "queue -- worker --fast");

        var (_, errors) = SettingsReader.TryRead(config.Stack, config.Values);

        Assert.Contains(errors, e => e.Path == "infra:app.workers[1].name" && e.Message.Contains("used by another entry", StringComparison.Ordinal));
    }

    [Fact]
    public void EntriesReadIntoTheirFieldsWithDefaultsForWhatIsLeftOut()
    {
        var config = Repository.Stack("staging")
            .WithList("app.workers", "mail -- worker --queue mail")
            .WithList("app.schedules", "report */15 8-18 * * 1-5 timeoutSeconds=120 -- report --daily");

        var app = config.ToSettings(false).App;

        var mail = app.Workers.Single();
        Assert.Equal(("mail", 1, 30), (mail.Name, mail.Replicas, mail.StopGraceSeconds));
        Assert.Equal(["worker", "--queue", "mail"], mail.Command);
        var report = app.Schedules.Single();
        Assert.Equal(("report", "*/15 8-18 * * 1-5", 120), (report.Name, report.Schedule.Expression, report.TimeoutSeconds));
        Assert.Equal(["report", "--daily"], report.Command);
    }
}
