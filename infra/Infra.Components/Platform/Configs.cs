using Pulumi;
using Docker = Pulumi.Docker;

namespace Infra.Components.Platform;

/// <summary>
/// The Swarm configs (non-secret files). Swarm configs are immutable: a changed file is a new config (new name)
/// and the services that mount it roll over to it.
/// </summary>
public sealed class Configs : ComponentResource
{
    /// <summary>Each config by its symbolic key (<c>nginx.conf</c>, <c>origin.crt</c>, …).</summary>
    public IReadOnlyDictionary<string, Docker.ServiceConfig> ByKey { get; }

    /// <summary>Declares every config of <see cref="ConfigsArgs.Specs"/> and <see cref="ConfigsArgs.Produced"/>.</summary>
    public Configs(string name, ConfigsArgs args, ComponentResourceOptions? options = null)
        : base("infra:platform:Configs", name, options)
    {
        var configs = new Dictionary<string, Docker.ServiceConfig>();
        foreach (var file in args.Specs)
        {
            configs[file.Key] = new Docker.ServiceConfig($"{name}-{file.Key}", new Docker.ServiceConfigArgs
            {
                Name = file.Name,
                Data = DockerValues.Base64(file.Content),
            }, new CustomResourceOptions { Parent = this });
        }

        foreach (var (key, content) in args.Produced)
        {
            // Content unknown until deployment: Pulumi's auto-name changes whenever the content does.
            configs[key] = new Docker.ServiceConfig($"{name}-{key}", new Docker.ServiceConfigArgs
            {
                Data = content.Apply(DockerValues.Base64),
            }, new CustomResourceOptions { Parent = this });
        }

        ByKey = configs;

        RegisterOutputs();
    }
}
