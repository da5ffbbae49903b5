using Infra.Blueprint.Edge;
using Infra.Blueprint.Hosts;
using Infra.Blueprint.Swarm;
using Pulumi;
using Docker = Pulumi.Docker;
using Local = Pulumi.Command.Local;

namespace Infra.Components.Platform;

// The edge update (EdgeUpdate.Steps) as Pulumi resources. Each edge host's nginx is its own service; around it, two
// local commands run the host's rendered DNS scripts where pulumi up runs (the Cloudflare token never reaches a
// server): the withdrawal (with its drain) before the service, the restore after it, the next host's withdrawal after
// this host's restore. Both are triggered by a digest of what the host's service is declared with, so they run exactly
// when its nginx is replaced, and a second pulumi up with nothing changed runs neither. A single edge host has only
// its Replace step: no command.
public sealed partial class Services
{
    /// <summary>The withdrawal (Withdraw and Drain) and restore commands of each edge host, by host name; empty with a single edge host.</summary>
    public IReadOnlyDictionary<string, (Local.Command Withdraw, Local.Command Restore)> EdgeUpdate => _edgeUpdate;

    private readonly Dictionary<string, (Local.Command Withdraw, Local.Command Restore)> _edgeUpdate = [];

    private Local.Command? _lastRestore;

    // The host's withdrawal, if the plan has one for this service: after what the service waits for, the previous
    // host's restore and the host's own records (a record Pulumi changes is parked as changed).
    private Local.Command? EdgeWithdraw(string name, string service, InputList<Resource> serviceAfter, ServicesArgs args, Output<string> specDigest)
    {
        if (args.EdgeUpdate.FirstOrDefault(s => s.Service == service && s.Kind == EdgeUpdateStepKind.Withdraw) is not { } step)
        {
            return null;
        }

        var dependsOn = new InputList<Resource> { serviceAfter };
        if (_lastRestore is not null)
        {
            dependsOn.Add(_lastRestore);
        }

        foreach (var record in args.EdgeRecords.TryGetValue(step.Address, out var records) ? records : [])
        {
            dependsOn.Add(record);
        }

        // The drain runs inside; the margin covers the API calls.
        var timeout = TimeSpan.FromSeconds(Infra.Blueprint.Edge.EdgeUpdate.DrainSeconds + 120);
        return EdgeCommand($"{name}-{service}-withdraw", EdgeDnsScript.WithdrawPath(step.Host), args, specDigest, dependsOn, timeout);
    }

    // The host's restore, once its new nginx converged.
    private void EdgeRestore(string name, string service, Docker.Service declared, ServicesArgs args, Output<string> specDigest, Local.Command withdraw)
    {
        var step = args.EdgeUpdate.First(s => s.Service == service && s.Kind == EdgeUpdateStepKind.Restore);
        var restore = EdgeCommand($"{name}-{service}-restore", EdgeDnsScript.RestorePath(step.Host), args, specDigest, [declared], TimeSpan.FromSeconds(120));
        _edgeUpdate[step.Host] = (withdraw, restore);
        _lastRestore = restore;
    }

    private Local.Command EdgeCommand(string resourceName, string scriptPath, ServicesArgs args, Output<string> specDigest, InputList<Resource> dependsOn, TimeSpan timeout)
    {
        var who = $"command {resourceName}";
        var script = Lookup(args.EdgeScripts, scriptPath, who, "rendered script");
        var token = args.CloudflareToken ?? throw new InvalidOperationException($"{who}: no Cloudflare API token (ServicesArgs.CloudflareToken)");
        return new Local.Command(resourceName, new Local.CommandArgs
        {
            Create = HostCommands.AsLoginUser,
            // The token is exported on standard input, never in the command line or the environment of Pulumi's process.
            Stdin = Output.CreateSecret(token.Apply(t => SwarmScripts.WithEnvironment(script, new Dictionary<string, string> { [EdgeDnsScript.TokenVariable] = t }))),
            Triggers = specDigest.Apply(d => new object[] { d }),
            Logging = Local.Logging.StdoutAndStderr,
        }, new CustomResourceOptions
        {
            Parent = this,
            DependsOn = dependsOn,
            CustomTimeouts = new CustomTimeouts { Create = timeout, Update = timeout },
        });
    }

    // What a service is declared with: its record and the auto-assigned names of the secrets and configs it mounts (a
    // changed file or rotated secret is a new one). It changes exactly when Swarm would replace the service's task.
    private static Output<string> SpecDigest(SwarmServiceSpec spec, ServicesArgs args)
    {
        var c = spec.TaskTemplate.ContainerSpec;
        var who = $"service {spec.Name}";
        var names = c.Secrets.Select(s => Lookup(args.Secrets, s.SecretName, who, "secret").Name)
            .Concat(c.Configs.Select(r => Lookup(args.Configs, r.ConfigName, who, "config").Name));
        return Output.All(names).Apply(n => Digest.Sha256(SwarmJson.Serialize(spec) + string.Join('\n', n)));
    }
}
