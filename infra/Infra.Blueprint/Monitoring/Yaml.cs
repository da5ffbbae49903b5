using System.Globalization;
using System.Text;

namespace Infra.Blueprint.Monitoring;

// The few YAML forms the monitoring renderers write: every scalar single-quoted, so no value is ever read as
// another type or breaks the document, and the output is byte-stable.
internal static class Yaml
{
    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string Seconds(TimeSpan span) => span.TotalSeconds % 3600 == 0 && span > TimeSpan.Zero
        ? ((int)span.TotalHours).ToString(CultureInfo.InvariantCulture) + "h"
        : span.TotalSeconds % 60 == 0 && span > TimeSpan.Zero
            ? ((int)span.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m"
            : ((int)span.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";

    public static string List(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(Quote)) + "]";

    public sealed class Writer
    {
        private readonly StringBuilder _text = new();

        public Writer Line(int indent, string line)
        {
            _text.Append(' ', indent * 2).Append(line).Append('\n');
            return this;
        }

        public override string ToString() => _text.ToString();
    }
}
