using Infra.App.Settings;
using Infra.App.Tasks;
using Microsoft.Extensions.Options;

namespace Infra.App.Tests.Tasks;

public sealed class TaskCursorTests : IDisposable
{
    private readonly string _keyFile = Path.GetTempFileName();

    public TaskCursorTests() => File.WriteAllText(_keyFile, new string('k', 32));

    [Fact]
    public void ACursorRoundTrips()
    {
        var cursors = Cursors();

        Assert.True(cursors.TryDecode(cursors.Encode(1234), out var afterId));
        Assert.Equal(1234, afterId);
    }

    [Fact]
    public void ACursorSignedWithAnotherKeyIsRefused()
    {
        var cursor = Cursors().Encode(1234);
        File.WriteAllText(_keyFile, new string('x', 32));

        Assert.False(Cursors().TryDecode(cursor, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("%%%")]
    [InlineData("AAAA")]
    [InlineData("AAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAA")]
    public void GarbageIsRefused(string cursor) => Assert.False(Cursors().TryDecode(cursor, out _));

    public void Dispose() => File.Delete(_keyFile);

    private TaskCursor Cursors() => new(Options.Create(new AppOptions { SigningKeyFile = _keyFile }));
}
