using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Infra.App.Metrics;

/// <summary>The Prometheus text exposition format, version 0.0.4: names, escaping and number formatting.</summary>
internal static partial class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static bool IsMetricName(string name) => MetricName().IsMatch(name);

    public static bool IsLabelName(string name) => LabelName().IsMatch(name) && !name.StartsWith("__", StringComparison.Ordinal);

    public static string EscapeHelp(string help) => help.Replace("\\", "\\\\").Replace("\n", "\\n");

    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    public static string FormatNumber(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public static void WriteHeader(StringBuilder output, string name, string help, string type) =>
        output.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    /// <summary>One sample line; <paramref name="extraName"/> is the histogram's <c>le</c> label when given.</summary>
    public static void WriteSample(
        StringBuilder output, string name, IReadOnlyList<string> labelNames, IReadOnlyList<string> labelValues,
        double value, string? extraName = null, string? extraValue = null)
    {
        output.Append(name);
        if (labelNames.Count > 0 || extraName is not null)
        {
            output.Append('{');
            for (var i = 0; i < labelNames.Count; i++)
            {
                output.Append(i == 0 ? "" : ",").Append(labelNames[i]).Append("=\"").Append(EscapeLabelValue(labelValues[i])).Append('"');
            }

            if (extraName is not null)
            {
                output.Append(labelNames.Count == 0 ? "" : ",").Append(extraName).Append("=\"").Append(EscapeLabelValue(extraValue!)).Append('"');
            }

            output.Append('}');
        }

        output.Append(' ').Append(FormatNumber(value)).Append('\n');
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
