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
}
