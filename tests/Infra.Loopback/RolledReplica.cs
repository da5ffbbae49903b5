namespace Infra.Loopback;

/// <summary>One replica's replacement: where it served before and after, and how the old process ended.</summary>
/// <param name="Replica">Replica number (1-based, as in <c>app-1</c>).</param>
/// <param name="OldPort">The replaced process's port.</param>
/// <param name="NewPort">The new process's port.</param>
/// <param name="OldExit">Completes with the old process's exit code once it has drained.</param>
public sealed record RolledReplica(int Replica, int OldPort, int NewPort, Task<int> OldExit);
