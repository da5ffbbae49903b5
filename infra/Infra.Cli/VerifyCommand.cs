using Infra.Blueprint.Settings;
using Infra.Cli.Verify;
using Spectre.Console;

namespace Infra.Cli;

/// <summary>What <c>verify</c> was asked to do.</summary>
/// <param name="Project">Directory holding <c>Pulumi.yaml</c>.</param>
/// <param name="Stack">Stack whose settings name the URL, host names and expected headers; null with <paramref name="Url"/> only.</param>
/// <param name="Url">The app's HTTPS origin as given; overrides the stack's domain (e.g. to add a port).</param>
/// <param name="Ca">PEM file of the certificate(s) to trust as roots instead of the system's.</param>
/// <param name="Resolve">curl-style <c>host:address</c> pins.</param>
/// <param name="HttpPort">The edge's plain HTTP port, when not the public one.</param>
/// <param name="Json">Print the JSON report instead of the table.</param>
/// <param name="Requests">Requests the load sends.</param>
/// <param name="Concurrency">Requests in flight at once.</param>
public sealed record VerifyOptions(
    DirectoryInfo Project,
    string? Stack,
    string? Url,
    FileInfo? Ca,
    IReadOnlyList<string> Resolve,
    int? HttpPort,
    bool Json,
    int Requests = LoadBar.DefaultRequests,
    int Concurrency = LoadBar.DefaultConcurrency);

/// <summary>The <c>verify</c> command: prove a deployment answers as the platform promises, check by check.</summary>
public static class VerifyCommand
{
    /// <summary>Exit code when a check failed.</summary>
    public const int ChecksFailed = ExitCodes.CheckFailed;

    /// <summary>Longest the load may run.</summary>
    public static readonly TimeSpan LoadTimeLimit = TimeSpan.FromSeconds(120);

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(VerifyOptions options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var resolve = VerifyTarget.ParseResolve(options.Resolve, errors);
        var roots = VerifyTarget.LoadRoots(options.Ca, errors);
        Uri? url = null;
        if (options.Url is { } given && (!Uri.TryCreate(given, UriKind.Absolute, out url) || url.Scheme != Uri.UriSchemeHttps || url.AbsolutePath != "/"))
        {
            errors.Add($"--url {given}: give the app's HTTPS origin, e.g. --url https://app.example.com (or https://app.example.com:8443)");
            url = null;
        }

        if (options.Requests < 1 || options.Concurrency < 1 || options.Concurrency > options.Requests)
        {
            errors.Add($"--requests {options.Requests} --concurrency {options.Concurrency}: both at least 1, and concurrency at most requests");
        }

        VerifyTarget? target = null;
        if (options.Stack is { } stack)
        {
            try
            {
                var settings = StackFiles.Load(options.Project.FullName, stack).ToSettings(checkSecrets: false);
                target = VerifyTarget.ForStack(settings, url, options.HttpPort, resolve, roots);
            }
            catch (Exception e) when (e is SettingsException or FileNotFoundException or InvalidDataException)
            {
                errors.Add(e.Message);
            }
        }
        else if (url is not null)
        {
            target = VerifyTarget.ForUrl(url, options.HttpPort, resolve, roots);
        }
        else if (options.Url is null)
        {
            errors.Add("give --stack <name> (the URL and host names come from Pulumi.<name>.yaml) or --url https://…");
        }

        if (errors.Count > 0 || target is null)
        {
            stderr.WriteLine($"verify: {errors.Count} problem(s) with the options:");
            errors.ForEach(e => stderr.WriteLine($"  {e}"));
            return PlanCommand.InvalidSettings;
        }

        var report = await new Verifier(target, TimeProvider.System).RunAsync(options.Requests, options.Concurrency, new LoadBar(), LoadTimeLimit, cancellationToken);
        if (options.Json)
        {
            stdout.WriteLine(report.ToJson());
        }
        else
        {
            report.WriteTable(Console(stdout));
        }

        if (report.Failed.Count == 0)
        {
            return 0;
        }

        stderr.WriteLine($"verify failed: {string.Join(", ", report.Failed)}");
        return ChecksFailed;
    }

    // Colours on a terminal; plain text, wide enough for the details, anywhere else.
    private static IAnsiConsole Console(TextWriter stdout)
    {
        var terminal = ReferenceEquals(stdout, System.Console.Out) && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(stdout),
        });
        if (!terminal)
        {
            console.Profile.Width = 200;
        }

        return console;
    }
}
