using Infra.Blueprint.Platform;
using Pulumi;
using Pulumi.Command.Remote;

namespace Infra.Components.Hosts;

/// <summary>
/// A server prepared for the platform: runs the host's rendered bootstrap script over SSH as root, again
/// whenever the script's text changes (the script is idempotent).
/// </summary>
public sealed class Host : ComponentResource
{
    /// <summary>The planned host this component prepares.</summary>
    public PlannedHost Planned { get; }

    /// <summary>The bootstrap command; resources that need a prepared host depend on it.</summary>
    public Command Bootstrap { get; }

    /// <summary>The address the host is reached at.</summary>
    [Output]
    public Output<string> Address { get; private set; }

    /// <summary>Bootstraps <see cref="HostArgs.Host"/>.</summary>
    public Host(string name, HostArgs args, ComponentResourceOptions? options = null)
        : base("infra:hosts:Host", name, options)
    {
        Planned = args.Host;
        Bootstrap = new Command($"{name}-bootstrap", new CommandArgs
        {
            Connection = SshConnection.To(args.Host, args.SshPrivateKey),
            Create = args.Host.ScriptRunner,
            Stdin = args.BootstrapScript,
            Triggers = new object[] { Digest.Sha256(args.BootstrapScript) },
        }, new CustomResourceOptions
        {
            Parent = this,
            CustomTimeouts = new CustomTimeouts { Create = TimeSpan.FromMinutes(30), Update = TimeSpan.FromMinutes(30) },
        });
        Address = Output.Create(args.Host.Address);

        RegisterOutputs(new Dictionary<string, object?> { ["address"] = Address });
    }
}
