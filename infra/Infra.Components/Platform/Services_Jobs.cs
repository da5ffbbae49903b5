using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Infra.Components.Hosts;
using Pulumi;
using Pulumi.Command.Remote;

namespace Infra.Components.Platform;

// How one planned job maps onto a remote command. Pulumi.Docker 5.1.0's Service has no replicated-job mode (its
// ServiceModeArgs knows only Global and Replicated), so the leader runs the job's rendered script, which creates
// the replicated-job service, waits for it and fails unless its task completed.
public sealed partial class Services
{
    private Command Job(string name, JobSpec job, ServicesArgs args, IReadOnlyList<Resource> after)
    {
        var who = $"job {job.Name}";
        var leader = args.Leader ?? throw new InvalidOperationException($"{who}: no leader to run it on (ServicesArgs.Leader)");
        var sshPrivateKey = args.SshPrivateKey ?? throw new InvalidOperationException($"{who}: no SSH key to reach the leader (ServicesArgs.SshPrivateKey)");
        var script = Lookup(args.JobScripts, job.Name, who, "run script");

        var dependsOn = new InputList<Resource>();
        foreach (var resource in after)
        {
            dependsOn.Add(resource);
        }

        if (args.SwarmReady is { } ready)
        {
            dependsOn.Add(ready);
        }

        var secrets = job.Secrets.Select(m => Lookup(args.Secrets, m.Secret, who, "secret")).ToList();
        foreach (var secret in secrets)
        {
            dependsOn.Add(secret);
        }

        foreach (var network in job.Networks)
        {
            dependsOn.Add(Lookup(args.Networks, network, who, "network"));
        }

        foreach (var mount in job.Volumes.Where(m => !args.PerNodeVolumes.Contains(m.Volume)))
        {
            dependsOn.Add(Lookup(args.Volumes, mount.Volume, who, "volume"));
        }

        // Swarm secret names are auto-assigned (a new value is a new secret): they reach the script as exports.
        // The registry token (a secret) joins them: the script logs in with it on the leader.
        var token = job.Registry is { } registry ? Lookup(args.StackConfig, registry.TokenKey, who, "registry token") : Output.Create("");
        var stdin = Output.Tuple(Output.All(secrets.Select(s => s.Name)), token).Apply(t =>
        {
            var exports = job.Secrets.Zip(t.Item1).ToDictionary(p => JobScript.SecretVariable(p.First.Secret), p => p.Second);
            if (job.Registry is not null)
            {
                exports[RegistryLogin.TokenVariable] = t.Item2;
            }

            return SwarmScripts.WithEnvironment(script, exports);
        });
        var timeout = TimeSpan.FromSeconds(job.TimeoutSeconds + 120);
        return new Command($"{name}-job-{job.Name}", new CommandArgs
        {
            // As the deploy user, through its Docker group: root cannot log in after the bootstrap.
            Connection = SshConnection.Deploy(leader, sshPrivateKey, args.LeaderHostKey),
            Create = HostCommands.AsLoginUser,
            Stdin = stdin,
            // The script names the image, command and environment: any change runs the job again. So does a new
            // value of a secret it mounts (a new Swarm secret, by name): the roles job sets the rotated passwords.
            Triggers = Output.All(secrets.Select(s => s.Name)).Apply(names => new object[] { Digest.Sha256(script), string.Join(",", names) }),
        }, new CustomResourceOptions
        {
            Parent = this,
            DependsOn = dependsOn,
            CustomTimeouts = new CustomTimeouts { Create = timeout, Update = timeout },
        });
    }
}
