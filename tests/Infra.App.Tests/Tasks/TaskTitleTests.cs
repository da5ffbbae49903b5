using Infra.App.Tasks;

namespace Infra.App.Tests.Tasks;

public sealed class TaskTitleTests
{
    [Theory]
    [InlineData("Buy milk")]
    [InlineData("Café ☕ and 🥐")]
    public void PrintableUnicodeIsAccepted(string title) => Assert.Null(TaskTitle.Problem(title));

    [Fact]
    public void TwoHundredCodePointsAreAcceptedEvenWhenThatIsFourHundredChars() =>
        Assert.Null(TaskTitle.Problem(string.Concat(Enumerable.Repeat("🥐", 200))));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \t ")]
    [InlineData("a\u0000b")]
    [InlineData("line\nbreak")]
    public void EmptyControlOrMalformedTextIsRefused(string? title) => Assert.NotNull(TaskTitle.Problem(title));

    [Fact]
    public void AnUnpairedSurrogateIsRefused() => Assert.NotNull(TaskTitle.Problem($"{(char)0xD800} lone surrogate"));

    [Fact]
    public void TwoHundredAndOneCharactersAreRefused() => Assert.NotNull(TaskTitle.Problem(new string('x', 201)));
}
