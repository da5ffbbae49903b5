using YamlDotNet.RepresentationModel;

namespace Infra.Blueprint.Tests.Monitoring;

/// <summary>Reads a rendered YAML file back with YamlDotNet, so tests compare meaning, not layout.</summary>
internal static class YamlReadBack
{
    public static YamlMappingNode Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    public static YamlMappingNode Map(this YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node)[key];

    public static IReadOnlyList<YamlMappingNode> Maps(this YamlNode node, string key) =>
        ((YamlSequenceNode)((YamlMappingNode)node)[key]).Cast<YamlMappingNode>().ToList();

    /// <summary>The scalar under <paramref name="key"/>, or null when the key is absent.</summary>
    public static string? Text(this YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(key, out var value) ? ((YamlScalarNode)value).Value : null;

    public static IReadOnlyList<string> Texts(this YamlNode node, string key) =>
        ((YamlSequenceNode)((YamlMappingNode)node)[key]).Select(n => ((YamlScalarNode)n).Value!).ToList();

    /// <summary>A mapping of scalars (labels, headers), sorted by key; empty when the key is absent.</summary>
    public static SortedDictionary<string, string> Pairs(this YamlNode node, string key)
    {
        var pairs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (((YamlMappingNode)node).Children.TryGetValue(key, out var value))
        {
            foreach (var (k, v) in (YamlMappingNode)value)
            {
                pairs[((YamlScalarNode)k).Value!] = ((YamlScalarNode)v).Value!;
            }
        }

        return pairs;
    }

    /// <summary>Every scalar of a document with its path (<c>scrape_configs[3].job_name</c>).</summary>
    public static IEnumerable<(string Path, YamlScalarNode Scalar)> Scalars(YamlNode node, string path = "")
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                yield return (path, scalar);
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    foreach (var item in Scalars(sequence.Children[i], $"{path}[{i}]"))
                    {
                        yield return item;
                    }
                }

                break;
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping)
                {
                    var name = ((YamlScalarNode)key).Value!;
                    yield return ($"{path}.{name} (key)", (YamlScalarNode)key);
                    foreach (var item in Scalars(value, path.Length == 0 ? name : $"{path}.{name}"))
                    {
                        yield return item;
                    }
                }

                break;
        }
    }
}
