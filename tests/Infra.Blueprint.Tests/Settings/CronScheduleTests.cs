using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Tests.Settings;

public sealed class CronScheduleTests
{
    [Theory]
    [InlineData("0 3 * * *")]
    [InlineData("*/15 * * * *")]
    [InlineData("30 2 1,15 * 0-6")]
    [InlineData("0 0-23/6 * 1-12 7")]
    public void ValidSchedulesParse(string text) => Assert.True(CronSchedule.TryParse(text, out _, out _));

    [Theory]
    [InlineData("60 3 * * *")]
    [InlineData("0 3 0 * *")]
    [InlineData("0 3 * 13 *")]
    [InlineData("0 5-3 * * *")]
    [InlineData("*/0 * * * *")]
    [InlineData("@daily")]
    [InlineData("0 3 * * * *")]
    public void InvalidSchedulesAreRefused(string text) => Assert.False(CronSchedule.TryParse(text, out _, out _));

    [Theory]
    [InlineData("0 3 * * *", 24 * 60)]
    [InlineData("*/15 * * * *", 15)]
    [InlineData("0 2,14 * * *", 12 * 60)]
    [InlineData("0 1,3 * * *", 22 * 60)]
    [InlineData("30 4 * * 1-5", 3 * 24 * 60)]
    [InlineData("0 3 * * 0", 7 * 24 * 60)]
    [InlineData("0 3 1 * *", 31 * 24 * 60)]
    [InlineData("0 3 1,15 * 0", 7 * 24 * 60)]
    [InlineData("0 0 29 2 *", 4 * 365 * 24 * 60 + 24 * 60)]
    public void TheLongestGapBetweenRunsFollowsTheSchedule(string text, int minutes)
    {
        Assert.True(CronSchedule.TryParse(text, out var schedule, out _));

        Assert.Equal(TimeSpan.FromMinutes(minutes), schedule!.LongestGap());
    }

    [Fact]
    public void AScheduleOnADayThatDoesNotExistNeverRuns()
    {
        Assert.True(CronSchedule.TryParse("0 3 31 2 *", out var schedule, out _));

        Assert.Null(schedule!.LongestGap());
    }
}

public sealed class CronScheduleSystemdTests
{
    [Theory]
    [InlineData("30 3 * * *", "*-*-* 03:30:00 UTC")]
    [InlineData("*/15 8-10 * * 1-5", "Mon,Tue,Wed,Thu,Fri *-*-* 08,09,10:00,15,30,45:00 UTC")]
    [InlineData("0 0 1,15 */6 *", "*-01,07-01,15 00:00:00 UTC")]
    [InlineData("5 4 * * 0,7", "Sun *-*-* 04:05:00 UTC")]
    [InlineData("10-40/10 * * * *", "*-*-* *:10,20,30,40:00 UTC")]
    public void ATimerFiresAtExactlyTheCronTimes(string cron, string onCalendar)
    {
        Assert.True(Infra.Blueprint.Settings.CronSchedule.TryParse(cron, out var schedule, out var problem), problem);

        Assert.Equal(onCalendar, schedule!.OnCalendar);
    }
}
