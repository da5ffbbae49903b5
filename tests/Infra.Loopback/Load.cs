namespace Infra.Loopback;

/// <summary>How hard wrk pushes: threads, open connections, and how long.</summary>
/// <param name="Threads">wrk threads.</param>
/// <param name="Connections">Connections kept open across the threads.</param>
/// <param name="Duration">Length of the run (whole seconds).</param>
public sealed record Load(int Threads, int Connections, TimeSpan Duration)
{
    /// <summary>The tests' load: enough to keep every replica busy on two cores, short enough for a test tier.</summary>
    public static Load Test { get; } = new(2, 16, TimeSpan.FromSeconds(10));
}
