using Pulumi;
using Docker = Pulumi.Docker;

namespace Infra.Components.Platform;

/// <summary>
/// The Swarm's overlay networks: internal ones have no route out; encrypted ones use IPsec between nodes; a planned
/// subnet is fixed through IPAM.
/// </summary>
public sealed class Networks : ComponentResource
{
    /// <summary>Each network by name.</summary>
    public IReadOnlyDictionary<string, Docker.Network> ByName { get; }

    /// <summary>Declares every network of <see cref="NetworksArgs.Specs"/>.</summary>
    public Networks(string name, NetworksArgs args, ComponentResourceOptions? options = null)
        : base("infra:platform:Networks", name, options)
    {
        ByName = args.Specs.ToDictionary(n => n.Name, n =>
        {
            var network = new Docker.NetworkArgs
            {
                Name = n.Name,
                Driver = "overlay",
                Internal = n.Internal,
                // Only Swarm services join; no stray `docker run` container can attach.
                Attachable = false,
            };
            if (n.Subnet is not null)
            {
                // Fixed because rendered files name it (pg_hba.conf allows exactly the backend's range).
                network.IpamConfigs.Add(new Docker.Inputs.NetworkIpamConfigArgs { Subnet = n.Subnet });
            }

            if (n.Encrypted)
            {
                network.Options.Add("encrypted", "true");
            }

            return new Docker.Network($"{name}-{n.Name}", network, new CustomResourceOptions { Parent = this });
        });

        RegisterOutputs();
    }
}
