namespace Infra.Cli.Operate;

/// <summary>Exit codes of the operator commands.</summary>
public static class OperatorExit
{
    /// <summary>It ran and succeeded.</summary>
    public const int Ok = 0;

    /// <summary>It ran and failed, or the stack could not be reached.</summary>
    public const int Failed = 1;

    /// <summary>Bad input: a broken stack file, an unknown service, a malformed option; nothing ran.</summary>
    public const int BadInput = 2;
}
