using System.Globalization;
using System.Text;
using Infra.Blueprint.Platform;

namespace Infra.Components.Platform;

/// <summary>Plan values in the shapes the Docker provider takes.</summary>
internal static class DockerValues
{
    /// <summary>A duration as Docker's provider spells it: <c>5s</c>.</summary>
    public static string Seconds(int seconds) => seconds.ToString(CultureInfo.InvariantCulture) + "s";

    /// <summary>Secret and config data are base64 in the provider's API.</summary>
    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>Swarm's spelling of an update order.</summary>
    public static string Order(UpdateOrder order) => order == UpdateOrder.StartFirst ? "start-first" : "stop-first";

    /// <summary>
    /// The value when it fits the provider's 32-bit field, otherwise null. Pulumi.Docker 5.1.0 types
    /// <c>memoryBytes</c> and <c>nanoCpus</c> as <c>int</c> (pulumi/pulumi-docker#1185), so a limit of 2 GiB
    /// or 2.15 CPUs and above cannot be expressed; the caller leaves such a limit unset and warns.
    /// </summary>
    public static int? Int32OrNull(long value) => value is >= 0 and <= int.MaxValue ? (int)value : null;
}
