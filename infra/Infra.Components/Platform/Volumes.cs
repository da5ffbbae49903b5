using Pulumi;
using Docker = Pulumi.Docker;

namespace Infra.Components.Platform;

/// <summary>
/// The named volumes, each created by the Docker daemon of the host it is planned on (where its service is
/// pinned). Protected volumes survive <c>pulumi destroy</c> and are retained if dropped from the program.
/// Per-node volumes (<see cref="Infra.Blueprint.Platform.VolumeSpec.PerNode"/>) are not declared at all: they hold no
/// data, exist on every node that mounts them, and Swarm creates a local named volume on demand when a task mounts
/// it, so pinning one to a node's Docker provider would be wrong and declaring one per node would be pointless.
/// </summary>
public sealed class Volumes : ComponentResource
{
    /// <summary>Each declared (host-bound) volume by name.</summary>
    public IReadOnlyDictionary<string, Docker.Volume> ByName { get; }

    /// <summary>The per-node volumes, left to Swarm to create where a task mounts them.</summary>
    public IReadOnlySet<string> PerNode { get; }

    /// <summary>The protection each declared volume was declared with, in plan order.</summary>
    public IReadOnlyList<ProtectionOptions> Protection { get; }

    /// <summary>Declares every host-bound volume of <see cref="VolumesArgs.Specs"/>.</summary>
    public Volumes(string name, VolumesArgs args, ComponentResourceOptions? options = null)
        : base("infra:platform:Volumes", name, options)
    {
        var volumes = new Dictionary<string, Docker.Volume>();
        var protection = new List<ProtectionOptions>();
        var perNode = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in args.Specs)
        {
            if (spec.PerNode)
            {
                perNode.Add(spec.Name);
                continue;
            }

            var provider = args.NodeProviders.TryGetValue(spec.Host, out var p)
                ? p
                : throw new InvalidOperationException($"volume {spec.Name}: no Docker provider for its host '{spec.Host}'");
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
            protection.Add(new ProtectionOptions(spec.Name, spec.Host, opts.Protect ?? false, opts.RetainOnDelete ?? false));
        }

        ByName = volumes;
        PerNode = perNode;
        Protection = protection;

        RegisterOutputs();
    }
}
