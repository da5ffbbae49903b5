using System.Text.Json;

namespace Infra.Blueprint.Monitoring;

/// <summary>
/// The redis exporter's <c>--redis.password-file</c>: a JSON object from each Redis address to its password, written
/// with System.Text.Json. The password is a Pulumi output, so the file is a derived secret's template where
/// <c>{0}</c> stands for it (generated passwords are alphanumeric: nothing in them needs JSON escaping).
/// </summary>
public static class RedisExporterPasswordFile
{
    private const string Placeholder = "PASSWORD";

    /// <summary>The template for one Redis at <paramref name="redisAddress"/> (<c>redis://redis:6379</c>).</summary>
    public static string Template(string redisAddress)
    {
        var json = JsonSerializer.Serialize(new SortedDictionary<string, string>(StringComparer.Ordinal) { [redisAddress] = Placeholder });
        return json.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal)
            .Replace($"\"{Placeholder}\"", "\"{0}\"", StringComparison.Ordinal) + "\n";
    }
}
