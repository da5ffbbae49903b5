using Infra.TestKit;

namespace Infra.Stacks.Tests;

/// <summary>Each shipped stack run once under the mocks and shared by the tests that only read the result.</summary>
public sealed class StackRuns
{
    private readonly Dictionary<string, Lazy<Task<StackRun>>> _runs = Repository.Stacks.ToDictionary(
        s => s,
        s => new Lazy<Task<StackRun>>(() => StackRun.RunAsync(Repository.Stack(s))));

    public Task<StackRun> Of(string stack) => _runs[stack].Value;
}
