using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests;

/// <summary>Plans of the shipped stacks, optionally with one setting changed.</summary>
public static class Plans
{
    /// <summary>The plan of <paramref name="stack"/>, with <paramref name="key"/> set to <paramref name="value"/> when given.</summary>
    public static Plan Of(string stack, string? key = null, string? value = null)
    {
        var config = Repository.Stack(stack);
        return Planner.Build(key is null ? config : config.With(key, value));
    }
}
