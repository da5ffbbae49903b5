using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;
using YamlDotNet.Serialization.NamingConventions;

namespace Infra.Blueprint.Monitoring;

// The YAML writer of the monitoring renderers: YamlDotNet serializes a typed model (properties in declaration order,
// null properties left out), so no renderer writes YAML syntax. Byte-stable: the same model gives the same text.
internal static partial class Yaml
{
    private static readonly ISerializer SnakeCase = Serializer(UnderscoredNamingConvention.Instance);
    private static readonly ISerializer CamelCase = Serializer(CamelCaseNamingConvention.Instance);

    /// <summary>A comment line, then the model with snake_case keys (Prometheus, Alertmanager, Loki, blackbox).</summary>
    public static string Document(string comment, object model) => Write(SnakeCase, comment, model);

    /// <summary>A comment line, then the model with camelCase keys (Grafana provisioning).</summary>
    public static string CamelCaseDocument(string comment, object model) => Write(CamelCase, comment, model);

    /// <summary>A duration in the largest whole unit Prometheus' duration syntax reads (<c>2h</c>, <c>5m</c>, <c>15s</c>).</summary>
    public static string Duration(TimeSpan span) => span.TotalSeconds % 3600 == 0 && span > TimeSpan.Zero
        ? ((int)span.TotalHours).ToString(CultureInfo.InvariantCulture) + "h"
        : span.TotalSeconds % 60 == 0 && span > TimeSpan.Zero
            ? ((int)span.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m"
            : ((int)span.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";

    /// <summary>
    /// A string YAML writes plain: a word (letters, digits, <c>_</c>, not starting with a digit) that neither YAML 1.2
    /// nor YAML 1.1 (Go's yaml.v2, which Prometheus and Alertmanager read with) takes for a bool or null.
    /// </summary>
    public static bool IsPlainWord(string value) => PlainWord().IsMatch(value) && !Keywords.Contains(value);

    private static readonly HashSet<string> Keywords = new(["y", "n", "yes", "no", "on", "off", "true", "false", "null"], StringComparer.OrdinalIgnoreCase);

    private static string Write(ISerializer serializer, string comment, object model)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        text.Write("# " + comment + "\n");
        var settings = EmitterSettings.Default.WithBestWidth(int.MaxValue).WithIndentedSequences().WithNewLine("\n");
        serializer.Serialize(new Emitter(text, settings), model);
        return text.ToString();
    }

    private static ISerializer Serializer(INamingConvention naming) => new SerializerBuilder()
        .WithNamingConvention(naming)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .DisableAliases()
        .WithEventEmitter(next => new SafeScalars(next))
        .Build();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex PlainWord();

    // Every string that is not a plain word is quoted, so no reader takes it for a number, a bool, a date or YAML
    // syntax: single quotes, or double quotes with escapes when it holds a line break or a tab (which single quotes
    // would fold away). Lists of scalars are written on one line ([a, b]).
    private sealed class SafeScalars(IEventEmitter next) : ChainedEventEmitter(next)
    {
        public override void Emit(ScalarEventInfo eventInfo, IEmitter emitter)
        {
            if (eventInfo.Source.Value is string value)
            {
                eventInfo.Style = IsPlainWord(value) ? ScalarStyle.Plain
                    : value.Any(char.IsControl) ? ScalarStyle.DoubleQuoted
                    : ScalarStyle.SingleQuoted;
            }

            base.Emit(eventInfo, emitter);
        }

        public override void Emit(SequenceStartEventInfo eventInfo, IEmitter emitter)
        {
            var type = eventInfo.Source.Type;
            if (typeof(IEnumerable<string>).IsAssignableFrom(type) || typeof(IEnumerable<int>).IsAssignableFrom(type))
            {
                eventInfo.Style = SequenceStyle.Flow;
            }

            base.Emit(eventInfo, emitter);
        }
    }
}
