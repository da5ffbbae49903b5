using System.Diagnostics;

namespace Infra.Swarm.Tests;

/// <summary>Waiting on the Swarm: a condition checked once a second, bounded.</summary>
public static class Poll
{
    /// <summary>How long until <paramref name="condition"/> held (checked once a second), or null if it did not within <paramref name="within"/>.</summary>
    public static async Task<TimeSpan?> Until(Func<Task<bool>> condition, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            if (await condition())
            {
                return clock.Elapsed;
            }

            await Task.Delay(1000);
        }

        return null;
    }
}
