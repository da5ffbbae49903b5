using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Platform;

public sealed class RenderedFilesTests
{
    [Fact]
    public void EveryRenderedFileMatchesItsReviewedGoldenCopy()
    {
        var mismatches = GoldenFiles.Mismatches([.. Repository.Stacks.Select(s => Planner.Build(Repository.Stack(s)))]);

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }
}
