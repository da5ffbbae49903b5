namespace Infra.Cli.Verify;

/// <summary>The result of one check, as the table and the JSON report show it.</summary>
/// <param name="Name">The check's stable name (<see cref="Checks"/>).</param>
/// <param name="Outcome">Pass, warn, fail or skip.</param>
/// <param name="Detail">What was seen, and on failure what was expected.</param>
public sealed record CheckResult(string Name, CheckOutcome Outcome, string Detail)
{
    public static CheckResult Pass(string name, string detail) => new(name, CheckOutcome.Pass, detail);

    public static CheckResult Fail(string name, string detail) => new(name, CheckOutcome.Fail, detail);
}
