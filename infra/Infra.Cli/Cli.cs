using System.CommandLine;
using Infra.Cli.Verify;

namespace Infra.Cli;

/// <summary>The command line: <c>plan</c>, <c>verify</c> and <c>rollback</c>. Output goes to the invocation's writers, so tests read it.</summary>
public static class Cli
{
    /// <summary>
    /// The entry point, in process: parses <paramref name="args"/> and runs the verb. Bad arguments print what is
    /// wrong and exit <see cref="ExitCodes.BadInput"/>; no exception is caught here, so one that escapes a verb is a
    /// bug a test sees (tests/Infra.Cli.Tests/CliInputsProperties.cs throws arbitrary input at this).
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var result = Build().Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var problem in result.Errors)
            {
                await error.WriteLineAsync(problem.Message);
            }

            await error.WriteLineAsync("see: infra --help, or infra <verb> --help");
            return ExitCodes.BadInput;
        }

        return await result.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
    }

    /// <summary>The root command with every verb.</summary>
    public static RootCommand Build() => new("Infra: a web application in production on rented Linux servers") { Plan(), Verify(), Rollback() };

    private static Option<DirectoryInfo> ProjectOption() =>
        new("--project") { Description = "Directory holding Pulumi.yaml", DefaultValueFactory = _ => new DirectoryInfo(".") };

    private static Command Plan()
    {
        var stack = new Option<string>("--stack") { Description = "Stack to plan (reads Pulumi.<stack>.yaml)", Required = true };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Directory to write the rendered files to" };
        var project = ProjectOption();
        var plan = new Command("plan", "Validate a stack, print its topology and write every rendered file") { stack, output, project };
        plan.SetAction(result => PlanCommand.Run(
            result.GetValue(project)!, result.GetValue(stack)!, result.GetValue(output), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return plan;
    }

    private static Command Verify()
    {
        var stack = new Option<string?>("--stack") { Description = "Stack to verify: URL, host names and expected headers from Pulumi.<stack>.yaml" };
        var url = new Option<string?>("--url") { Description = "The app's HTTPS URL (overrides the stack's domain, e.g. to add a port)" };
        var ca = new Option<FileInfo?>("--ca") { Description = "PEM certificate(s) to trust instead of the system's roots (origin or self-signed certificates)" };
        var resolve = new Option<string[]>("--resolve") { Description = "host:address — connect to this address for this host name, like curl (repeatable)", AllowMultipleArgumentsPerToken = false };
        var httpPort = new Option<int?>("--http-port") { Description = "The edge's plain HTTP port, checked for the redirect to HTTPS (default 80)" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var requests = new Option<int>("--requests") { Description = "Requests the bounded load sends", DefaultValueFactory = _ => LoadBar.DefaultRequests };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests of the load in flight at once", DefaultValueFactory = _ => LoadBar.DefaultConcurrency };
        var project = ProjectOption();
        var verify = new Command("verify", "Check a deployment: health, TLS, redirect, headers, WebSocket, Grafana and a bounded load; non-zero exit naming each failed check")
        {
            stack, url, ca, resolve, httpPort, json, requests, concurrency, project,
        };
        verify.SetAction((result, cancellationToken) => VerifyCommand.RunAsync(
            new VerifyOptions(
                result.GetValue(project)!, result.GetValue(stack), result.GetValue(url), result.GetValue(ca), result.GetValue(resolve) ?? [],
                result.GetValue(httpPort), result.GetValue(json), result.GetValue(requests), result.GetValue(concurrency)),
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken));
        return verify;
    }

    private static Command Rollback()
    {
        var stack = new Option<string>("--stack") { Description = "Stack to roll back", Required = true };
        var to = new Option<int>("--to") { Description = "How many releases back (1, the default, is the previous release)", DefaultValueFactory = _ => 1 };
        var releases = new Option<FileInfo?>("--releases") { Description = "File holding `pulumi stack output releases --json` (default: run that command)" };
        var project = ProjectOption();
        var rollback = new Command("rollback", "Put a previous release's image back into Pulumi.<stack>.yaml, for pulumi up to deploy") { stack, to, releases, project };
        rollback.SetAction(result => RollbackCommand.Run(
            result.GetValue(project)!, result.GetValue(stack)!, result.GetValue(to), result.GetValue(releases), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return rollback;
    }
}
