using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Platform;
using Infra.TestKit;
using YamlDotNet.Core;

namespace Infra.Blueprint.Tests.Monitoring;

public sealed partial class YamlTests
{
    // Pieces another YAML reader may take for a number, a bool, a null, a date, a comment or syntax.
    private static readonly string[] Tricky =
        ["yes", "No", "on", "OFF", "y", "~", "null", "true", "0x1F", "0o17", "017", "1_000", "1e3", ".5", ".inf", "1:30", "2024-01-01",
         ": ", "#", " #", "- ", "'", "\"", "\\n", "{", "}", "[", "]", ",", "*", "&", "!", "|", ">", "%", "@", "`", "?", " ", "\t", "\n",
         "a", "Z", "_", "0", "9", ".", "-", "/", "é"];

    [Fact]
    public void EveryStringReadsBackAsItselfAndOnlyWordsArePlain()
    {
        var property = Prop.ForAll(
            Gen.Elements(Tricky).ArrayOf().Select(parts => string.Concat(parts.Take(4))).ToArbitrary(),
            value =>
            {
                var text = Yaml.Document("sample", new Sample(value, [value], new SortedDictionary<string, string>(StringComparer.Ordinal) { ["k"] = value }));
                var root = YamlReadBack.Parse(text);
                var read = new[] { root.Text("value"), root.Texts("items").Single(), root.Pairs("labels")["k"] };
                var plain = YamlReadBack.Scalars(root).Where(s => s.Scalar.Style == ScalarStyle.Plain && s.Scalar.Value == value).ToList();
                return read.All(r => r == value) && (plain.Count == 0 || Yaml.IsPlainWord(value));
            });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public void NoRenderedYamlScalarIsPlainUnlessItIsAWordANumberOrABool(string stack)
    {
        var plan = Planner.Build(Repository.Stack(stack));
        var yaml = plan.Files.Where(f => f.Path.EndsWith(".yml", StringComparison.Ordinal) || f.Path.EndsWith(".yaml", StringComparison.Ordinal)).ToList();

        var ambiguous = yaml
            .SelectMany(f => YamlReadBack.Scalars(YamlReadBack.Parse(f.Content)).Select(s => (File: f.Path, s.Path, s.Scalar)))
            .Where(s => s.Scalar.Style == ScalarStyle.Plain && !(Yaml.IsPlainWord(s.Scalar.Value!) || Number().IsMatch(s.Scalar.Value!) || s.Scalar.Value is "true" or "false"))
            .Select(s => $"{s.File}: {s.Path} = {s.Scalar.Value}")
            .ToList();

        Assert.NotEmpty(yaml);
        Assert.True(ambiguous.Count == 0, "plain scalars a YAML 1.1 reader may take for another type:\n" + string.Join("\n", ambiguous));
    }

    [Fact]
    public void DurationsAreWrittenInTheirLargestWholeUnit() =>
        Assert.Equal(["2h", "90m", "45s", "0s", "336h"],
            new[] { TimeSpan.FromHours(2), TimeSpan.FromMinutes(90), TimeSpan.FromSeconds(45), TimeSpan.Zero, TimeSpan.FromDays(14) }.Select(Yaml.Duration));

    private sealed record Sample(string Value, IReadOnlyList<string> Items, IReadOnlyDictionary<string, string> Labels);

    [GeneratedRegex("^-?[0-9]+$")]
    private static partial Regex Number();
}
