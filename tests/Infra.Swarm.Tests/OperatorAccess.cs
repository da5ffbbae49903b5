using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.TestKit;

namespace Infra.Swarm.Tests;

/// <summary>
/// The leader as an operator reaches it: over real SSH as the deploy user. The node is a fresh test server whose
/// console (the provider's) puts a key in root's account; the plan's own host-key command records the node's key in a
/// known-hosts file, and its access command (over SSH as root) creates the deploy user with that key, its Docker
/// group and sudo rule, as the first <c>pulumi up</c> does. The bootstrap itself is the hosts tier's proof; the node's
/// engine and Swarm are the fixture's. Made once, on first use; the fixture removes it.
/// </summary>
public sealed class OperatorAccess : IDisposable
{
    private readonly TempDirectory dir = new("infra-swarm-operator");

    /// <summary>Makes the access to <paramref name="fixture"/>'s leader.</summary>
    public OperatorAccess(SwarmFixture fixture)
    {
        PrivateKey = dir.File("deploy_key");
        Shell.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "infra-swarm-deploy", "-f", PrivateKey]);
        var publicKey = File.ReadAllText(PrivateKey + ".pub").Trim();
        Project = dir.File("project");
        WriteStackFiles(fixture, Project, KnownHosts);
        Plan = Planner.Build(StackFiles.Load(Project, SwarmFixture.Stack));

        fixture.Node.Exec(["bash", "-c", $"install -d -m 700 /root/.ssh && printf '%s\\n' '{publicKey}' >/root/.ssh/authorized_keys"]);
        var leader = Plan.Leader;
        var inputs = new Dictionary<CommandInput, string> { [CommandInput.DeployPublicKey] = publicKey };
        foreach (var command in HostCommands.ProvisioningOf(Plan, leader).Where(c => c.Name != $"{leader.Name}-bootstrap"))
        {
            var stdin = command.Stdin(Plan.File(command.ScriptPath).Content, inputs);
            var run = command.Login is null
                ? Shell.Run("bash", ["-c", command.Runner], stdin, TimeSpan.FromMinutes(2), check: false)
                : Shell.Run("ssh", HostCommands.SshArguments(KnownHosts, command.Login, command.Runner, PrivateKey), stdin, TimeSpan.FromMinutes(2), check: false);
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException($"operator access: the plan's {command.Name} command exited {run.ExitCode}:\n{run.Output}");
            }
        }
    }

    /// <summary>
    /// The operator's checkout here: <c>Pulumi.yaml</c> and the shipped <c>Pulumi.staging.yaml</c> with three lines
    /// changed — the leader at the node's address, host keys in this known-hosts file, and <c>infra:app.image</c> the
    /// app's stand-in (the fixture's image map, applied to the stack file instead of the record, so that <c>exec</c> and
    /// the scheduled tasks run the image the replicas run; tagged, as the setting requires).
    /// </summary>
    public string Project { get; }

    /// <summary>The plan of <see cref="Project"/>'s stack file, as the CLI builds it.</summary>
    public Plan Plan { get; }

    /// <summary>The deploy key.</summary>
    public string PrivateKey { get; }

    /// <summary>The known-hosts file holding the leader's key, as the host-key command recorded it.</summary>
    public string KnownHosts => dir.File("known_hosts");

    /// <summary>Writes <paramref name="project"/>: the repository's <c>Pulumi.yaml</c>, the staging stack file with the node as its leader.</summary>
    public static void WriteStackFiles(SwarmFixture fixture, string project, string knownHosts)
    {
        Directory.CreateDirectory(project);
        File.Copy(Repository.PathOf("Pulumi.yaml"), Path.Combine(project, "Pulumi.yaml"), overwrite: true);
        var planned = fixture.Plan.Settings.App.Image.ToString();
        var standIn = fixture.Deployer.ImageMap[planned];
        var at = standIn.IndexOf('@', StringComparison.Ordinal);
        var lines = File.ReadAllLines(Repository.PathOf($"Pulumi.{SwarmFixture.Stack}.yaml")).Select(line => line
                .Replace($" {fixture.Plan.Leader.Address} ", $" {fixture.Node.Address} ", StringComparison.Ordinal)
                .Replace(planned, $"{standIn[..at]}:standin{standIn[at..]}", StringComparison.Ordinal))
            .ToList();
        lines.Insert(lines.IndexOf("config:") + 1, $"  {ConfigKeys.Namespace}:ssh.knownHostsFile: {knownHosts}");
        File.WriteAllLines(Path.Combine(project, $"Pulumi.{SwarmFixture.Stack}.yaml"), lines);
    }

    /// <summary>Runs the CLI in-process with <paramref name="arguments"/> and <c>--stack staging --project … --identity …</c>.</summary>
    public Task<VerbRun> Cli(params string[] arguments) => CliIn(Project, arguments);

    /// <summary>As <see cref="Cli"/>, with the stack files of <paramref name="project"/>.</summary>
    public async Task<VerbRun> CliIn(string project, params string[] arguments)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var separator = Array.IndexOf(arguments, "--");
        string[] common = ["--stack", SwarmFixture.Stack, "--project", project, "--identity", PrivateKey];
        string[] args = separator < 0 ? [.. arguments, .. common] : [.. arguments[..separator], .. common, .. arguments[separator..]];
        var exit = await Infra.Cli.Cli.InvokeAsync(args, output, error);
        return new VerbRun(exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs <paramref name="script"/> on the leader as root, as the Pulumi layer runs its installers: ssh as the deploy user, <c>sudo -n bash -s</c>.</summary>
    public ProcessResult AsRoot(string script, TimeSpan? timeout = null) =>
        Shell.Run("ssh", HostCommands.SshArguments(KnownHosts, HostCommands.DeployLogin(Plan.Leader), HostCommands.AsRootThroughSudo, PrivateKey),
            script, timeout ?? TimeSpan.FromMinutes(2), check: false);

    public void Dispose() => dir.Dispose();
}

/// <summary>What one operator verb returned and wrote.</summary>
public sealed record VerbRun(int Exit, string Output, string Error)
{
    public override string ToString() => $"exit {Exit}\n--- stdout\n{Output}--- stderr\n{Error}";
}
