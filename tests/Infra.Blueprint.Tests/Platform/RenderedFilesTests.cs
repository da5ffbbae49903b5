using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Platform;

public sealed class RenderedFilesTests
{
    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public void EveryRenderedFileMatchesItsReviewedGoldenCopy(string stack)
    {
        var mismatches = GoldenFiles.Mismatches(Planner.Build(Repository.Stack(stack)));

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }
}
