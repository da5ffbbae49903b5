using System.Globalization;

namespace Infra.Cli.Verify;

/// <summary>How close to expiry a certificate may be: a warning under 30 days left, a failure under 14.</summary>
public static class CertificateExpiry
{
    /// <summary>Days left under which the check warns.</summary>
    public const int WarnDays = 30;

    /// <summary>Days left under which the check fails.</summary>
    public const int FailDays = 14;

    /// <summary>The outcome for a certificate valid until <paramref name="notAfter"/>, seen at <paramref name="now"/>, and what to say.</summary>
    public static (CheckOutcome Outcome, string Detail) Judge(DateTimeOffset notAfter, DateTimeOffset now)
    {
        var left = notAfter - now;
        var days = (int)Math.Floor(left.TotalDays);
        var expires = $"expires {notAfter.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} ({days.ToString(CultureInfo.InvariantCulture)} days left)";
        return left.TotalDays switch
        {
            < 0 => (CheckOutcome.Fail, $"expired on {notAfter.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"),
            < FailDays => (CheckOutcome.Fail, $"{expires}; fewer than {FailDays} days: renew it now"),
            < WarnDays => (CheckOutcome.Warn, $"{expires}; fewer than {WarnDays} days: renew it soon"),
            _ => (CheckOutcome.Pass, expires),
        };
    }
}
