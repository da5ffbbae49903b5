namespace Infra.Cli;

/// <summary>What every verb's exit code means, the same for each: scripts and CI branch on these.</summary>
public static class ExitCodes
{
    /// <summary>Everything asked was done and every check passed.</summary>
    public const int Success = 0;

    /// <summary>A check ran and failed (verify's checks): the input was fine, the thing checked was not.</summary>
    public const int CheckFailed = 1;

    /// <summary>Bad input: arguments, a stack file, a settings value, an output folder; nothing was done.</summary>
    public const int BadInput = 2;
}
