namespace Infra.Cli.Verify;

/// <summary>How one check went.</summary>
public enum CheckOutcome
{
    /// <summary>The deployment does what the check asks.</summary>
    Pass,

    /// <summary>It does, but something needs attention soon (a certificate expiring within 30 days).</summary>
    Warn,

    /// <summary>It does not; <c>verify</c> exits non-zero.</summary>
    Fail,

    /// <summary>Not applicable to this target (no Grafana host name known).</summary>
    Skip,
}
