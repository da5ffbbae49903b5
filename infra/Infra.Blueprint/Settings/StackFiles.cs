using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Infra.Blueprint.Settings;

/// <summary>
/// Loads <c>Pulumi.yaml</c> and <c>Pulumi.&lt;stack&gt;.yaml</c> the way the Pulumi engine does: the
/// project's <c>config:</c> defaults, overridden by the stack file. Lets the CLI and the tests read a
/// stack without the Pulumi CLI.
/// </summary>
public static class StackFiles
{
    /// <summary>Loads the stack <paramref name="stack"/> of the project in <paramref name="projectDirectory"/>.</summary>
    public static StackConfig Load(string projectDirectory, string stack)
    {
        var projectFile = Path.Combine(projectDirectory, "Pulumi.yaml");
        var stackFile = Path.Combine(projectDirectory, $"Pulumi.{stack}.yaml");
        if (!File.Exists(stackFile))
        {
            throw new FileNotFoundException($"no stack file for '{stack}': expected {stackFile}; create it with: pulumi stack init {stack}", stackFile);
        }

        return Parse(stack, File.ReadAllText(projectFile), File.ReadAllText(stackFile));
    }

    /// <summary>Parses a project file and a stack file given as text.</summary>
    public static StackConfig Parse(string stack, string projectYaml, string stackYaml)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (key, node) in ConfigBlock(projectYaml, "Pulumi.yaml"))
        {
            if (node is YamlMappingNode declaration && declaration.Children.TryGetValue(new YamlScalarNode("default"), out var @default))
            {
                values[key] = ToText(@default);
            }
            else if (node is YamlScalarNode or YamlSequenceNode)
            {
                values[key] = ToText(node);
            }
        }

        foreach (var (key, node) in ConfigBlock(stackYaml, $"Pulumi.{stack}.yaml"))
        {
            if (node is YamlMappingNode mapping && mapping.Children.ContainsKey(new YamlScalarNode("secure")))
            {
                secrets.Add(key);
                values.Remove(key);
            }
            else
            {
                values[key] = ToText(node);
            }
        }

        return new StackConfig(stack, values, secrets);
    }

    private static IEnumerable<(string Key, YamlNode Node)> ConfigBlock(string yaml, string fileName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InvalidDataException($"{fileName}: not valid YAML at line {e.Start.Line}: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("config"), out var config))
        {
            yield break;
        }

        if (config is not YamlMappingNode entries)
        {
            throw new InvalidDataException($"{fileName}: 'config' must be a mapping of key: value");
        }

        foreach (var (key, value) in entries.Children)
        {
            yield return (((YamlScalarNode)key).Value!, value);
        }
    }

    private static string ToText(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value ?? "",
        _ => JsonSerializer.Serialize(ToPlain(node)),
    };

    private static object? ToPlain(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value,
        YamlSequenceNode sequence => sequence.Children.Select(ToPlain).ToList(),
        YamlMappingNode mapping => mapping.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ToPlain(c.Value)),
        _ => null,
    };
}
