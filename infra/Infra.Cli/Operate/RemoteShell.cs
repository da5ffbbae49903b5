using System.Diagnostics;
using System.Globalization;
using System.Text;
using Infra.Blueprint.Hosts;
using Infra.Blueprint.Operate;
using Infra.Blueprint.Platform;

namespace Infra.Cli.Operate;

/// <summary>
/// Runs an <see cref="OperatorScript"/> the way the Pulumi layer reaches the hosts after the bootstrap: OpenSSH as the
/// deploy user, <see cref="HostCommands.SshOptions"/> (no prompts, only the host key recorded in the stack's known-hosts
/// file), the script on standard input of <see cref="HostCommands.AsLoginUser"/>. A host it cannot reach is one clear
/// line naming the login, what ssh said and what to check; never a trace.
/// </summary>
public sealed class RemoteShell(Plan plan, string? identity, TextWriter stdout, TextWriter stderr)
{
    // ssh's own exit code for a connection it could not make (refused, timed out, host key, authentication).
    private const int SshFailed = 255;

    // Both pipes are read at once; the writers (a test's StringWriter) are not thread-safe.
    private readonly Lock _gate = new();

    /// <summary>The ssh command line that runs <paramref name="script"/>, as <c>--dry-run</c> prints it.</summary>
    public string CommandLine(OperatorScript script) =>
        "ssh " + string.Join(' ', Arguments(script).Select(a => a.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"') ? Quote(a) : a));

    /// <summary>Prints where and what <paramref name="script"/> would run.</summary>
    public void Print(OperatorScript script)
    {
        stdout.WriteLine($"# on {script.Host.Name}: {CommandLine(script)} <<'SCRIPT'");
        stdout.Write(script.Text);
        stdout.WriteLine("SCRIPT");
    }

    /// <summary>Runs <paramref name="script"/>, its output streamed to the writers; returns an <see cref="ExitCodes"/> code.</summary>
    public async Task<int> RunAsync(string verb, OperatorScript script, CancellationToken cancellationToken) =>
        (await RunCoreAsync(verb, script, capture: false, cancellationToken)).Exit;

    /// <summary>Runs <paramref name="script"/> and returns its standard output (null after a failure, which was reported).</summary>
    public async Task<string?> CaptureAsync(string verb, OperatorScript script, CancellationToken cancellationToken)
    {
        var (exit, output) = await RunCoreAsync(verb, script, capture: true, cancellationToken);
        return exit == ExitCodes.Success ? output : null;
    }

    private async Task<(int Exit, string Output)> RunCoreAsync(string verb, OperatorScript script, bool capture, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ssh") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in Arguments(script))
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("ssh did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            await stderr.WriteLineAsync($"{verb}: OpenSSH's client (ssh) is not on PATH: install it (apt-get install openssh-client)");
            return (ExitCodes.CheckFailed, "");
        }

        using (process)
        {
            var output = new StringBuilder();
            var lastError = "";
            var reading = Task.WhenAll(
                Pump(process.StandardOutput, line =>
                {
                    lock (_gate)
                    {
                        if (capture)
                        {
                            output.Append(line).Append('\n');
                        }
                        else
                        {
                            stdout.WriteLine(line);
                        }
                    }
                }),
                Pump(process.StandardError, line =>
                {
                    lock (_gate)
                    {
                        lastError = line;
                        stderr.WriteLine(line);
                    }
                }));
            try
            {
                await process.StandardInput.WriteAsync(script.Text);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // ssh exited before reading the script (it could not connect): its exit code says so below.
            }

            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await stderr.WriteLineAsync($"{verb}: interrupted; the ssh session to {script.Host.Name} was closed");
                return (ExitCodes.CheckFailed, "");
            }

            await reading;
            if (process.ExitCode == SshFailed)
            {
                var login = Login(script.Host);
                await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{verb}: cannot reach stack '{plan.Stack}': ssh {login.User}@{login.Address} port {login.Port} ({script.Host.Name}) failed: {(lastError.Length > 0 ? lastError : "no answer")}. "
                    + $"Check that the host is up and reachable from here, that its key is in {plan.Settings.Ssh.KnownHostsFile} (infra:ssh.knownHostsFile; pulumi up records it), "
                    + $"and that the deploy key is loaded (ssh-add) or given with --identity."));
                return (ExitCodes.CheckFailed, "");
            }

            return (process.ExitCode == 0 ? ExitCodes.Success : ExitCodes.CheckFailed, output.ToString());
        }
    }

    private IReadOnlyList<string> Arguments(OperatorScript script) =>
        HostCommands.SshArguments(plan.Settings.Ssh.KnownHostsFile, Login(script.Host), HostCommands.AsLoginUser, identity);

    private static SshLogin Login(PlannedHost host) => HostCommands.DeployLogin(host);

    private static async Task Pump(StreamReader reader, Action<string> line)
    {
        while (await reader.ReadLineAsync() is { } text)
        {
            line(text);
        }
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
