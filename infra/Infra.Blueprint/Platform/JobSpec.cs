using System.Security.Cryptography;
using System.Text;

namespace Infra.Blueprint.Platform;

/// <summary>
/// A one-off task that runs to completion before the services it gates roll out (the app's <c>migrate</c>).
/// Swarm runs it as a one-shot service (one replica, never restarted): the Pulumi layer (re)runs it whenever <see cref="Image"/>
/// changes, waits for it, and makes every service in <see cref="Gates"/> depend on it, so a failed job stops
/// the rollout before any replica runs the new code.
/// </summary>
/// <param name="Name">Job name; the Swarm service is named <c>{Name}-{short digest}</c>.</param>
/// <param name="Image">Image reference, pinned by digest.</param>
/// <param name="Entrypoint">Replaces the image's entrypoint; empty keeps it.</param>
/// <param name="Command">Arguments replacing the image's command.</param>
/// <param name="Environment">Plain environment values (never credentials).</param>
/// <param name="Networks">Networks the task joins.</param>
/// <param name="Secrets">Secrets mounted under <c>/run/secrets/</c>.</param>
/// <param name="Volumes">Named volumes mounted.</param>
/// <param name="Placement">Placement constraints.</param>
/// <param name="TimeoutSeconds">How long the job may run before it counts as failed.</param>
/// <param name="Gates">Services that may roll out only after the job succeeded.</param>
/// <param name="After">Services that must have converged before the job runs (the migrate job needs Postgres up); null or empty for none.</param>
public sealed record JobSpec(
    string Name,
    string Image,
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Networks,
    IReadOnlyList<SecretMount> Secrets,
    IReadOnlyList<VolumeMount> Volumes,
    IReadOnlyList<string> Placement,
    int TimeoutSeconds,
    IReadOnlyList<string> Gates,
    IReadOnlyList<string>? After = null)
{
    /// <summary>The Swarm service the job runs as: <c>{Name}-{first 12 hex digits of the image digest}</c>.</summary>
    public string ServiceName
    {
        get
        {
            var at = Image.IndexOf("@sha256:", StringComparison.Ordinal);
            var digest = at >= 0 ? Image[(at + "@sha256:".Length)..] : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Image)));
            return $"{Name}-{digest[..Math.Min(12, digest.Length)]}";
        }
    }

    /// <summary>The registry login its image is pulled with; null for a public image.</summary>
    public RegistryLogin? Registry { get; init; }

    /// <summary>The rendered script that runs the job on the leader (see <see cref="Plan.Files"/>).</summary>
    public string ScriptPath => $"jobs/{Name}.sh";
}
