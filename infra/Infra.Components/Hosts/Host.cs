using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Pulumi;
using Pulumi.Tls;
using Local = Pulumi.Command.Local;
using Remote = Pulumi.Command.Remote;

namespace Infra.Components.Hosts;

/// <summary>
/// A server prepared for the platform, by the plan's commands for it (<see cref="HostCommands.ProvisioningOf"/>):
/// its SSH host key verified where Pulumi runs (pinned, or recorded on first contact); the deploy user created over
/// the account the server offers; the bootstrap run as root through the deploy user's sudo, again whenever its text
/// changes (it is idempotent).
/// </summary>
public sealed class Host : ComponentResource
{
    /// <summary>The planned host this component prepares.</summary>
    public PlannedHost Planned { get; }

    /// <summary>The host-key check; its standard output is the key every later connection requires.</summary>
    public Local.Command HostKey { get; }

    /// <summary>The bootstrap command; resources that need a prepared host depend on it.</summary>
    public Remote.Command Bootstrap { get; }

    /// <summary>The address the host is reached at.</summary>
    [Output]
    public Output<string> Address { get; private set; }

    /// <summary>The verified host key, <c>&lt;type&gt; &lt;base64&gt;</c>.</summary>
    public Output<string> VerifiedHostKey { get; }

    /// <summary>Prepares <see cref="HostArgs.Host"/>.</summary>
    public Host(string name, HostArgs args, ComponentResourceOptions? options = null)
        : base("infra:hosts:Host", name, options)
    {
        Planned = args.Host;
        var (hostKey, access, bootstrap) = (args.Commands[0], args.Commands[1], args.Commands[2]);
        HostKey = HostCommandResource.Local(hostKey, args.Scripts[hostKey.ScriptPath], new CustomResourceOptions { Parent = this });
        VerifiedHostKey = HostKey.Stdout.Apply(s => s.Trim());

        // The deploy user's authorized key is the public half of the stack's private key.
        var publicKey = GetPublicKey.Invoke(new GetPublicKeyInvokeArgs { PrivateKeyOpenssh = args.SshPrivateKey }).Apply(k => k.PublicKeyOpenssh.Trim());
        var inputs = new Dictionary<CommandInput, Output<string>> { [CommandInput.DeployPublicKey] = publicKey };
        var accessCommand = HostCommandResource.Remote(access, args.Scripts[access.ScriptPath],
            HostCommandResource.Stdin(access, args.Scripts[access.ScriptPath], inputs), VerifiedHostKey, args.SshPrivateKey,
            new CustomResourceOptions { Parent = this, DependsOn = { HostKey } });
        Bootstrap = HostCommandResource.Remote(bootstrap, args.Scripts[bootstrap.ScriptPath],
            HostCommandResource.Stdin(bootstrap, args.Scripts[bootstrap.ScriptPath], inputs), VerifiedHostKey, args.SshPrivateKey,
            new CustomResourceOptions
            {
                Parent = this,
                DependsOn = { accessCommand },
                CustomTimeouts = new CustomTimeouts { Create = TimeSpan.FromMinutes(30), Update = TimeSpan.FromMinutes(30) },
            });
        Address = Output.Create(args.Host.Address);

        RegisterOutputs(new Dictionary<string, object?> { ["address"] = Address });
    }
}
