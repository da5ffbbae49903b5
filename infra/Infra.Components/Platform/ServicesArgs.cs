using Infra.Blueprint.Platform;
using Docker = Pulumi.Docker;

namespace Infra.Components.Platform;

/// <summary>Inputs of <see cref="Services"/>.</summary>
public sealed class ServicesArgs
{
    /// <summary>The services as planned, each after the services it must follow.</summary>
    public required IReadOnlyList<ServiceSpec> Specs { get; init; }

    /// <summary>The overlay networks by name.</summary>
    public required IReadOnlyDictionary<string, Docker.Network> Networks { get; init; }

    /// <summary>The Swarm secrets by symbolic name.</summary>
    public required IReadOnlyDictionary<string, Docker.Secret> Secrets { get; init; }

    /// <summary>The Swarm configs by key.</summary>
    public required IReadOnlyDictionary<string, Docker.ServiceConfig> Configs { get; init; }

    /// <summary>The named volumes by name.</summary>
    public required IReadOnlyDictionary<string, Docker.Volume> Volumes { get; init; }
}
