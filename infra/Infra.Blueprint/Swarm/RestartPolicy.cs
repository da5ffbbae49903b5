namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>RestartPolicy</c>.</summary>
/// <param name="Condition"><c>any</c>, <c>on-failure</c> or <c>none</c>.</param>
/// <param name="Delay">Nanoseconds between restart attempts.</param>
/// <param name="MaxAttempts">Attempts before giving up; 0 for no limit.</param>
/// <param name="Window">Nanoseconds over which attempts are counted; 0 for unbounded.</param>
public sealed record RestartPolicy(string Condition, long Delay, int MaxAttempts, long Window);
