using Pulumi;
using Docker = Pulumi.Docker;

namespace Infra.Components.Platform;

/// <summary>
/// The named volumes, each created by the Docker daemon of the host it is planned on (where its service is
/// pinned). Protected volumes survive <c>pulumi destroy</c> and are retained if dropped from the program.
/// </summary>
public sealed class Volumes : ComponentResource
{
    /// <summary>Each volume by name.</summary>
    public IReadOnlyDictionary<string, Docker.Volume> ByName { get; }

    /// <summary>The protection each volume was declared with, in plan order.</summary>
    public IReadOnlyList<VolumeProtection> Protection { get; }

    /// <summary>Declares every volume of <see cref="VolumesArgs.Specs"/>.</summary>
    public Volumes(string name, VolumesArgs args, ComponentResourceOptions? options = null)
        : base("infra:platform:Volumes", name, options)
    {
        var volumes = new Dictionary<string, Docker.Volume>();
        var protection = new List<VolumeProtection>();
        foreach (var spec in args.Specs)
        {
            var provider = args.NodeProviders.TryGetValue(spec.Host, out var p)
                ? p
                : throw new InvalidOperationException($"volume {spec.Name}: no Docker provider for its host {spec.Host}");
            var opts = new CustomResourceOptions
            {
                Parent = this,
                Provider = provider,
                Protect = spec.Protected,
                RetainOnDelete = spec.Protected,
            };
            volumes[spec.Name] = new Docker.Volume($"{name}-{spec.Name}", new Docker.VolumeArgs
            {
                Name = spec.Name,
                Driver = "local",
            }, opts);
            protection.Add(new VolumeProtection(spec.Name, spec.Host, opts.Protect ?? false, opts.RetainOnDelete ?? false));
        }

        ByName = volumes;
        Protection = protection;

        RegisterOutputs();
    }
}
