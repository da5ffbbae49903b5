using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Infra.Cli.Verify;

/// <summary>Everything one <c>verify</c> run found.</summary>
/// <param name="Url">The app's URL.</param>
/// <param name="Checks">One result per check, in run order.</param>
/// <param name="Load">The load's numbers.</param>
public sealed record VerifyReport(Uri Url, IReadOnlyList<CheckResult> Checks, LoadResult Load)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) } };

    /// <summary>The names of the checks that failed.</summary>
    public IReadOnlyList<string> Failed => [.. Checks.Where(c => c.Outcome == CheckOutcome.Fail).Select(c => c.Name)];

    /// <summary>The table a person reads: one row per check, the verdict in colour where the console has it.</summary>
    public void WriteTable(IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"verify {Markup.Escape(Url.ToString())}")
            .AddColumn("check").AddColumn("result").AddColumn("detail");
        foreach (var check in Checks)
        {
            var verdict = check.Outcome switch
            {
                CheckOutcome.Pass => "[green]pass[/]",
                CheckOutcome.Warn => "[yellow]warn[/]",
                CheckOutcome.Fail => "[red bold]FAIL[/]",
                _ => "[grey]skip[/]",
            };
            table.AddRow(new Markup(Markup.Escape(check.Name)), new Markup(verdict), new Markup(Markup.Escape(check.Detail)));
        }

        console.Write(table);
        console.MarkupLine(Failed.Count == 0 ? "[green]every check passed[/]" : $"[red]{Failed.Count} check(s) failed: {Markup.Escape(string.Join(", ", Failed))}[/]");
    }

    /// <summary>The report for machines: every check, the load's numbers, and the failed checks' names.</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        url = Url.ToString(),
        passed = Failed.Count == 0,
        failed = Failed,
        checks = Checks,
        load = new
        {
            requests = Load.Requests,
            concurrency = Load.Concurrency,
            requestsPerSecond = Math.Round(Load.RequestsPerSecond, 1),
            meanMs = Math.Round(Load.MeanMs, 2),
            p95Ms = Math.Round(Load.P95Ms, 2),
            p99Ms = Math.Round(Load.P99Ms, 2),
            failed = Load.Failed,
            failures = Load.Failures,
        },
    }, Json);
}
