using System.Globalization;
using System.Text;

namespace Infra.Components.Platform;

/// <summary>Values of the blueprint's Swarm records in the shapes the Docker provider takes.</summary>
internal static class DockerValues
{
    /// <summary>A duration in nanoseconds as the provider spells it: <c>5s</c>, or <c>1500ms</c> below whole seconds.</summary>
    public static string Duration(long nanoseconds) =>
        nanoseconds % 1_000_000_000 == 0
            ? (nanoseconds / 1_000_000_000).ToString(CultureInfo.InvariantCulture) + "s"
            : (nanoseconds / 1_000_000).ToString(CultureInfo.InvariantCulture) + "ms";

    /// <summary>Secret and config data are base64 in the provider's API.</summary>
    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>A failure ratio as the provider's string.</summary>
    public static string Ratio(double ratio) => ratio.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A figure of the record into the provider's 32-bit field (Pulumi.Docker 5.1.0, pulumi/pulumi-docker#1185). The
    /// blueprint already left out what does not fit (and <c>plan</c> says so), so an overflow here is a bug.
    /// </summary>
    public static Pulumi.Input<int>? Int32(long? value) => value is long v ? checked((int)v) : null;
}
