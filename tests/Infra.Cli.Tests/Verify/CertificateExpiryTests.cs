using Infra.Cli.Verify;

namespace Infra.Cli.Tests.Verify;

public sealed class CertificateExpiryTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(90, CheckOutcome.Pass)]
    [InlineData(30, CheckOutcome.Pass)]
    [InlineData(29, CheckOutcome.Warn)]
    [InlineData(14, CheckOutcome.Warn)]
    [InlineData(13, CheckOutcome.Fail)]
    [InlineData(-1, CheckOutcome.Fail)]
    public void ACertificateWarnsUnder30DaysAndFailsUnder14(int daysLeft, CheckOutcome expected) =>
        Assert.Equal(expected, CertificateExpiry.Judge(Now.AddDays(daysLeft), Now).Outcome);
}
