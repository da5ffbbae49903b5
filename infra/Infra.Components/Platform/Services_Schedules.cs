using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Infra.Components.Hosts;
using Pulumi;
using Pulumi.Command.Remote;

namespace Infra.Components.Platform;

// The scheduled tasks: once the rollout is done, the leader runs the rendered installer as root, which puts every
// task's runner, job script and systemd units in place and enables the timers (and removes those of dropped tasks).
public sealed partial class Services
{
    private Command? ScheduleInstaller(string name, ServicesArgs args, IEnumerable<Resource> rolledOut)
    {
        if (args.ScheduleInstall is not { } script)
        {
            return null;
        }

        const string who = "the scheduled tasks' installer";
        var leader = args.Leader ?? throw new InvalidOperationException($"{who}: no leader to run it on (ServicesArgs.Leader)");
        var sshPrivateKey = args.SshPrivateKey ?? throw new InvalidOperationException($"{who}: no SSH key to reach the leader (ServicesArgs.SshPrivateKey)");
        var secrets = args.ScheduleSecrets.Select(s => (Name: s, Resource: Lookup(args.Secrets, s, who, "secret"))).ToList();
        var dependsOn = new InputList<Resource>();
        foreach (var resource in rolledOut.Concat(secrets.Select(s => (Resource)s.Resource)))
        {
            dependsOn.Add(resource);
        }

        // Swarm secret names are auto-assigned (a new value is a new secret): they reach the script as exports, and so
        // does the registry token when the tasks' image is private (each run logs in with it).
        var token = args.ScheduleRegistry is { } registry ? Lookup(args.StackConfig, registry.TokenKey, who, "registry token") : Output.Create("");
        var stdin = Output.Tuple(Output.All(secrets.Select(s => s.Resource.Name)), token).Apply(t =>
        {
            var exports = secrets.Zip(t.Item1).ToDictionary(p => JobScript.SecretVariable(p.First.Name), p => p.Second);
            if (args.ScheduleRegistry is not null)
            {
                exports[RegistryLogin.TokenVariable] = t.Item2;
            }

            return SwarmScripts.WithEnvironment(script, exports);
        });
        return new Command($"{name}-schedules", new CommandArgs
        {
            Connection = SshConnection.Deploy(leader, sshPrivateKey, args.LeaderHostKey),
            Create = HostCommands.AsRootThroughSudo,
            Stdin = stdin,
            // The script carries every task's files, so a changed schedule, command or image installs again; so does a rotated secret.
            Triggers = stdin.Apply(text => new object[] { Digest.Sha256(text) }),
        }, new CustomResourceOptions { Parent = this, DependsOn = dependsOn });
    }
}
