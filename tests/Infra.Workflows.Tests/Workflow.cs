using Infra.TestKit;
using YamlDotNet.RepresentationModel;

namespace Infra.Workflows.Tests;

/// <summary>One file under <c>.github/</c>, parsed: its jobs and steps as YAML nodes.</summary>
public sealed record Workflow(string Path, YamlMappingNode Root)
{
    public static readonly string Directory = Repository.PathOf(".github/workflows");

    public static IReadOnlyList<Workflow> All { get; } = [.. System.IO.Directory.GetFiles(Directory, "*.yml").Order(StringComparer.Ordinal).Select(Load)];

    /// <summary>The workflows and the local composite action: every file that names actions.</summary>
    public static IReadOnlyList<Workflow> AllWithActions { get; } = [.. All, Load(Repository.PathOf(".github/actions/setup/action.yml"))];

    public string Name => System.IO.Path.GetFileName(Path);

    public static Workflow Load(string path)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(path);
        yaml.Load(reader);
        return new Workflow(path, (YamlMappingNode)yaml.Documents[0].RootNode);
    }

    public YamlMappingNode? Map(string key) => Root.Children.TryGetValue(key, out var node) ? node as YamlMappingNode : null;

    public IEnumerable<(string Id, YamlMappingNode Job)> Jobs =>
        Map("jobs")?.Children.Select(j => (((YamlScalarNode)j.Key).Value!, (YamlMappingNode)j.Value)) ?? [];

    /// <summary>Every step, of every job or of the composite action, with where it is.</summary>
    public IEnumerable<(string Where, YamlMappingNode Step)> Steps =>
        Jobs.SelectMany(j => StepsOf(j.Job).Select(s => ($"{Name} job {j.Id}", s)))
            .Concat(Map("runs") is { } runs ? StepsOf(runs).Select(s => ($"{Name}", s)) : []);

    private static IEnumerable<YamlMappingNode> StepsOf(YamlMappingNode node) =>
        node.Children.TryGetValue("steps", out var steps) ? ((YamlSequenceNode)steps).Children.Cast<YamlMappingNode>() : [];

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode scalar ? scalar.Value : null;
}
