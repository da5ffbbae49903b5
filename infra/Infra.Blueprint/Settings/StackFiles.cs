using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Infra.Blueprint.Settings;

/// <summary>
/// Loads <c>Pulumi.yaml</c> and <c>Pulumi.&lt;stack&gt;.yaml</c> the way the Pulumi engine does: the
/// project's <c>config:</c> defaults, overridden by the stack file. Lets the CLI and the tests read a
/// stack without the Pulumi CLI. Every problem with the files themselves (missing, unreadable, not YAML,
/// nested or aliased past reason) is an <see cref="InvalidDataException"/> or <see cref="FileNotFoundException"/>
/// naming the file and the fix; nothing else escapes.
/// </summary>
public static partial class StackFiles
{
    /// <summary>Deepest nesting of collections a config file may have; real ones use 3.</summary>
    public const int MaxDepth = 32;

    /// <summary>Most YAML nodes a config file may expand to, aliases followed; bounds an alias bomb.</summary>
    public const int MaxNodes = 100_000;

    /// <summary>Largest config file read, in bytes.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>Loads the stack <paramref name="stack"/> of the project in <paramref name="projectDirectory"/>.</summary>
    public static StackConfig Load(string projectDirectory, string stack)
    {
        if (!StackNamePattern().IsMatch(stack))
        {
            throw new InvalidDataException($"'{stack}' is not a stack name; use letters, digits, '-', '_' and '.', e.g. staging or prod");
        }

        var projectFile = Path.Combine(projectDirectory, "Pulumi.yaml");
        var stackFile = Path.Combine(projectDirectory, $"Pulumi.{stack}.yaml");
        if (!File.Exists(projectFile))
        {
            throw new FileNotFoundException($"no Pulumi.yaml in {Path.GetFullPath(projectDirectory)}; run from the repository's root or pass --project <folder holding Pulumi.yaml>", projectFile);
        }

        if (!File.Exists(stackFile))
        {
            throw new FileNotFoundException($"no stack file for '{stack}': expected {stackFile}; create it with: pulumi stack init {stack}", stackFile);
        }

        return Parse(stack, Read(projectFile), Read(stackFile));
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

    private static string Read(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxBytes)
            {
                throw new InvalidDataException($"{path}: {info.Length} bytes is more than a config file needs (at most {MaxBytes}); is it the right file?");
            }

            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException and not FileNotFoundException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot be read ({e.Message}); check its permissions", e);
        }
    }

    private static List<(string Key, YamlNode Node)> ConfigBlock(string yaml, string fileName)
    {
        var stream = new YamlStream();
        try
        {
            CheckShape(yaml, fileName);
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{fileName}: not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {Reason(e)}; fix that spot (a setting is \"key: value\"; a list is \"- item\" lines, or [a, b] closed on its line)", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            // YamlDotNet throws these for some malformed flow collections and duplicate keys.
            throw new InvalidDataException($"{fileName}: not valid YAML: {e.Message}; fix the file", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("config"), out var config))
        {
            return [];
        }

        if (config is YamlScalarNode { Value: null or "" })
        {
            return [];
        }

        if (config is not YamlMappingNode entries)
        {
            throw new InvalidDataException($"{fileName}: 'config' must be a mapping of key: value (line {config.Start.Line})");
        }

        var budget = new Budget(fileName);
        var block = new List<(string, YamlNode)>();
        foreach (var (key, value) in entries.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                throw new InvalidDataException($"{fileName}: line {key.Start.Line}: a config key must be a plain name such as infra:domain");
            }

            budget.Visit(value);
            block.Add((name, value));
        }

        return block;
    }

    // The parser is event-driven and does not recurse; the representation model does. Refuse what would exhaust it.
    private static void CheckShape(string yaml, string fileName)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case SequenceStart or MappingStart:
                    if (++depth > MaxDepth)
                    {
                        throw new InvalidDataException($"{fileName}: line {parser.Current.Start.Line}: nested more than {MaxDepth} levels deep; a stack's config needs three at most");
                    }

                    break;
                case SequenceEnd or MappingEnd:
                    depth--;
                    break;
            }
        }
    }

    private static string Reason(YamlException e) =>
        (e.InnerException is YamlException inner ? inner.Message : e.Message).Replace(Environment.NewLine, " ", StringComparison.Ordinal);

    private static string ToText(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value ?? "",
        _ => JsonSerializer.Serialize(ToPlain(node)),
    };

    private static object? ToPlain(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value,
        YamlSequenceNode sequence => sequence.Children.Select(ToPlain).ToList(),
        YamlMappingNode mapping => mapping.Children
            .GroupBy(c => c.Key is YamlScalarNode { Value: { } k } ? k : c.Key.ToString(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => ToPlain(g.Last().Value), StringComparer.Ordinal),
        _ => null,
    };

    // Counts the nodes a value expands to, aliases followed, so ToPlain is bounded in time, memory and depth.
    private sealed class Budget(string fileName)
    {
        private int _nodes;

        public void Visit(YamlNode root)
        {
            var pending = new Stack<(YamlNode Node, int Depth)>();
            pending.Push((root, 0));
            while (pending.TryPop(out var item))
            {
                if (++_nodes > MaxNodes || item.Depth > MaxDepth)
                {
                    throw new InvalidDataException($"{fileName}: line {root.Start.Line}: the value expands to more than {MaxNodes} nodes or {MaxDepth} levels (aliases followed); write it out plainly");
                }

                IEnumerable<YamlNode> children = item.Node switch
                {
                    YamlSequenceNode s => s.Children,
                    YamlMappingNode m => m.Children.SelectMany(c => new[] { c.Key, c.Value }),
                    _ => [],
                };
                foreach (var child in children)
                {
                    pending.Push((child, item.Depth + 1));
                }
            }
        }
    }

    // Pulumi's stack names: letters, digits, '-', '_' and '.'; the file name is Pulumi.<name>.yaml.
    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$")]
    private static partial Regex StackNamePattern();
}
