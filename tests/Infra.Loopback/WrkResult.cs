using System.Globalization;
using System.Text.RegularExpressions;

namespace Infra.Loopback;

/// <summary>What one wrk run reported.</summary>
/// <param name="Requests">Requests completed.</param>
/// <param name="RequestsPerSecond">Throughput.</param>
/// <param name="P50Ms">Median latency, milliseconds.</param>
/// <param name="P99Ms">99th percentile latency, milliseconds.</param>
/// <param name="Non2xx">Responses with a status outside 2xx and 3xx.</param>
/// <param name="SocketErrors">Connect, read, write and timeout errors together.</param>
/// <param name="ReadErrors">The read errors among them: the server closed a connection wrk was about to reuse, or reset it.</param>
/// <param name="Output">wrk's own report, for failure messages.</param>
public sealed partial record WrkResult(long Requests, double RequestsPerSecond, double P50Ms, double P99Ms, long Non2xx, long SocketErrors, long ReadErrors, string Output)
{
    /// <summary>Requests that did not get a 2xx or 3xx answer.</summary>
    public long Failed => Non2xx + SocketErrors;

    /// <summary>Reads wrk's text report (run with <c>--latency</c>).</summary>
    public static WrkResult Parse(string output)
    {
        var requests = RequestsLine().Match(output);
        var rate = RateLine().Match(output);
        if (!requests.Success || !rate.Success)
        {
            throw new FormatException($"not a wrk report:\n{output}");
        }

        var errors = SocketErrorsLine().Match(output);
        var non2xx = Non2xxLine().Match(output);
        return new WrkResult(
            long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(output, "50%"),
            Percentile(output, "99%"),
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            errors.Success ? Enumerable.Range(1, 4).Sum(i => long.Parse(errors.Groups[i].Value, CultureInfo.InvariantCulture)) : 0,
            errors.Success ? long.Parse(errors.Groups[2].Value, CultureInfo.InvariantCulture) : 0,
            output);
    }

    /// <summary>One line for reports.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Requests} requests, {RequestsPerSecond:F0} req/s, p50 {P50Ms:F2} ms, p99 {P99Ms:F2} ms, {Non2xx} non-2xx, {SocketErrors} socket errors ({ReadErrors} read)");

    private static double Percentile(string output, string percentile)
    {
        var match = Regex.Match(output, $@"^\s+{Regex.Escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!match.Success)
        {
            throw new FormatException($"wrk printed no {percentile} latency (run it with --latency):\n{output}");
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "s" => value * 1000,
            _ => value,
        };
    }

    [GeneratedRegex(@"^\s+(\d+) requests in ", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RateLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xxLine();
}
