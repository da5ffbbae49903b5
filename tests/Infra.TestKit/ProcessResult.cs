namespace Infra.TestKit;

/// <summary>What a finished process said.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Stdout">Everything it wrote to standard output.</param>
/// <param name="Stderr">Everything it wrote to standard error.</param>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Both streams, for failure messages.</summary>
    public string Output => $"{Stdout}{Stderr}";
}
