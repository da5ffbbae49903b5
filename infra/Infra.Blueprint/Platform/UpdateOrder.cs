namespace Infra.Blueprint.Platform;

/// <summary>Whether the new task starts before the old one stops.</summary>
public enum UpdateOrder
{
    /// <summary>Start the new task, wait until healthy, then stop the old: zero downtime for stateless services.</summary>
    StartFirst,

    /// <summary>Stop the old task first: required when two tasks may not coexist (a data volume, a host port).</summary>
    StopFirst,
}
