using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Infra.Blueprint.Platform;

/// <summary>
/// What a stack deployed, newest first: the <see cref="OutputName"/> stack output. Each <c>pulumi up</c> reads the
/// previous list (the stack reads its own outputs through a StackReference) and records the image it deploys; the
/// <c>rollback</c> verb chooses from it. Pure: the Pulumi layer only carries the list in and out.
/// </summary>
public static class ReleaseHistory
{
    /// <summary>The stack output holding the list.</summary>
    public const string OutputName = "releases";

    /// <summary>How many releases the list keeps.</summary>
    public const int Keep = 10;

    /// <summary>
    /// Environment variable the deploying process sets to say where a release comes from (<c>commit &lt;sha&gt;</c>,
    /// <c>rollback to #1</c>); read once by the stack program. Unset, a release is recorded as <see cref="ManualSource"/>.
    /// </summary>
    public const string SourceVariable = "INFRA_RELEASE_SOURCE";

    /// <summary>The source of a release deployed by hand, without <see cref="SourceVariable"/>.</summary>
    public const string ManualSource = "manual";

    /// <summary>
    /// The history after deploying <paramref name="image"/>: unchanged when it is already the current release (so an
    /// <c>up</c> or a drift check that changes nothing changes no output), otherwise the new release on top, at most
    /// <see cref="Keep"/> kept.
    /// </summary>
    public static IReadOnlyList<Release> Record(IReadOnlyList<Release> previous, string image, DateTimeOffset now, string source)
    {
        if (previous.Count > 0 && previous[0].Image == image)
        {
            return previous;
        }

        return [new Release(image, now, source.Length == 0 ? ManualSource : source), .. previous.Take(Keep - 1)];
    }

    /// <summary>Where a release promoted from another stack comes from; a source given by the deployer comes after it.</summary>
    public static string PromotionSource(string from, string given) =>
        given.Length == 0 ? $"promotion from {from}" : $"promotion from {from} ({given})";

    /// <summary>
    /// The release <c>rollback --to <paramref name="to"/></c> puts back: the <paramref name="to"/>-th release before the
    /// current one (1 is the previous release). Null with the problem in <paramref name="problem"/> when there is none.
    /// </summary>
    public static Release? Choose(IReadOnlyList<Release> history, int to, out string problem)
    {
        problem = "";
        if (to < 1)
        {
            problem = $"--to {to.ToString(CultureInfo.InvariantCulture)}: count releases back from the current one, starting at 1 (the previous release)";
            return null;
        }

        if (history.Count < 2)
        {
            problem = history.Count == 0
                ? $"the stack has no {OutputName} output yet: nothing was deployed with release history; deploy once with pulumi up"
                : $"the stack has deployed only one release ({history[0].Image}): there is nothing to roll back to";
            return null;
        }

        if (to >= history.Count)
        {
            problem = $"--to {to.ToString(CultureInfo.InvariantCulture)}: the stack remembers only {(history.Count - 1).ToString(CultureInfo.InvariantCulture)} release(s) before the current one; choose --to 1…{(history.Count - 1).ToString(CultureInfo.InvariantCulture)}";
            return null;
        }

        var chosen = history[to];
        if (chosen.Image == history[0].Image)
        {
            problem = $"release #{to.ToString(CultureInfo.InvariantCulture)} runs the current image ({chosen.Image}); choose another with --to";
            return null;
        }

        return chosen;
    }

    /// <summary>The list as the stack output carries it: one object per release, newest first.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> ToOutput(IReadOnlyList<Release> history) =>
        [.. history.Select(r => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
        {
            ["image"] = r.Image,
            ["deployedAt"] = r.DeployedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["source"] = r.Source,
        })];

    /// <summary>
    /// Reads the output back from its JSON form (<c>pulumi stack output releases --json</c>, or the value a
    /// StackReference returns, serialized). Empty for a stack without the output (<c>null</c> or empty text).
    /// </summary>
    /// <exception cref="InvalidDataException">The text is not a release list; the message says what is wrong.</exception>
    public static IReadOnlyList<Release> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the {OutputName} output is not JSON: {e.Message}");
        }

        if (root is null)
        {
            return [];
        }

        if (root is not JsonArray items)
        {
            throw new InvalidDataException($"the {OutputName} output must be a list of releases, got {root.GetValueKind()}");
        }

        var releases = new List<Release>();
        foreach (var (item, index) in items.Select((item, index) => (item, index)))
        {
            var image = Field(item, "image", index);
            var deployedAt = Field(item, "deployedAt", index);
            if (!DateTimeOffset.TryParse(deployedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                throw new InvalidDataException($"{OutputName}[{index}].deployedAt: '{deployedAt}' is not a date and time");
            }

            releases.Add(new Release(image, at, Field(item, "source", index)));
        }

        return releases;
    }

    private static string Field(JsonNode? item, string name, int index) =>
        item is JsonObject release && release[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new InvalidDataException($"{OutputName}[{index}].{name}: missing; every release has image, deployedAt and source");
}
