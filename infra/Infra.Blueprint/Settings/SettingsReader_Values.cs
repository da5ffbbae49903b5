using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Infra.Blueprint.Settings;

// Typed reads of one value each: every problem is recorded with its key and the fix, and a usable fallback returned.
public sealed partial class SettingsReader
{
    private void Error(string path, string message) => _errors.Add(new SettingsError(path, message));

    private string? Raw(ConfigKey key) => _values.TryGetValue(key.FullName, out var value) ? value : null;

    private string Text(ConfigKey key, bool required = true)
    {
        var value = Raw(key)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Error(key.FullName, $"missing; set it with: pulumi config set {key.FullName} <value>");
            }

            return "";
        }

        return value;
    }

    private string Matching(ConfigKey key, Regex pattern, string fix)
    {
        var value = Text(key);
        if (value.Length > 0 && !pattern.IsMatch(value))
        {
            Error(key.FullName, $"'{value}' is not valid; {fix}");
        }

        return value;
    }

    private string HostName(ConfigKey key)
    {
        var value = Text(key).ToLowerInvariant();
        if (value.Length > 0 && !IsHostName(value))
        {
            Error(key.FullName, $"'{value}' is not a DNS name; use a name such as app.example.com");
        }

        return value;
    }

    private string Email(ConfigKey key)
    {
        var value = Text(key, required: false);
        if (value.Length > 0 && !EmailPattern().IsMatch(value))
        {
            Error(key.FullName, $"'{value}' is not an email address; use name@example.com or leave it empty");
        }

        return value;
    }

    private int Int(ConfigKey key, int min, int max)
    {
        var text = Text(key);
        if (text.Length == 0)
        {
            return min;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(key.FullName, $"expected a whole number between {min} and {max} (got '{text}')");
            return min;
        }

        if (value < min || value > max)
        {
            Error(key.FullName, $"must be between {min} and {max} (got {value})");
        }

        return value;
    }

    private bool Bool(ConfigKey key)
    {
        var text = Text(key);
        switch (text)
        {
            case "true":
                return true;
            case "false" or "":
                return false;
            default:
                Error(key.FullName, $"expected true or false (got '{text}')");
                return false;
        }
    }

    private IReadOnlyList<string> List(ConfigKey key)
    {
        var text = Raw(key)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                Error(key.FullName, "expected a list; write it as a YAML sequence (- item) in the stack file");
                return [];
            }

            var items = new List<string>();
            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)
                {
                    Error($"{key.FullName}[{index}]", "expected a string");
                }
                else
                {
                    items.Add(element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText());
                }

                index++;
            }

            return items;
        }
        catch (JsonException)
        {
            Error(key.FullName, "expected a list; write it as a YAML sequence (- item) in the stack file");
            return [];
        }
    }

    private IReadOnlyList<string> Cidrs(ConfigKey key)
    {
        var cidrs = List(key);
        for (var i = 0; i < cidrs.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(cidrs[i], out _))
            {
                Error($"{key.FullName}[{i}]", $"'{cidrs[i]}' is not a CIDR range; use e.g. 198.51.100.0/24 or 2001:db8::/32");
            }
        }

        return cidrs;
    }

    internal static bool IsHostName(string value) =>
        value.Length <= 253 && value.Contains('.') && value.Split('.').All(label => LabelPattern().IsMatch(label));
}
