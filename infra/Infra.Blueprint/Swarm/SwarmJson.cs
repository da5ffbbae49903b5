using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Infra.Blueprint.Swarm;

/// <summary>
/// The JSON of <see cref="SwarmServiceSpec"/> as the Engine API reads it (<c>POST /services/create</c>): property names as
/// declared (the API's own), unset members left out. <c>plan</c> writes it; the real-Swarm tier posts it.
/// </summary>
public static class SwarmJson
{
    /// <summary>The serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The service as indented JSON, ending with a newline.</summary>
    public static string Serialize(SwarmServiceSpec spec) => JsonSerializer.Serialize(spec, Options) + "\n";

    /// <summary>Any value (the rollout order, the warnings) as indented JSON, ending with a newline.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options) + "\n";
}
