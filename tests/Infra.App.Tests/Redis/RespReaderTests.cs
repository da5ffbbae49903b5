using System.Text;
using Infra.App.Redis;

namespace Infra.App.Tests.Redis;

public sealed class RespReaderTests
{
    [Fact]
    public async Task ReadsEveryReplyTypeEvenOneByteAtATime()
    {
        var wire = "+OK\r\n-ERR wrong\r\n:-42\r\n$5\r\nhe\r\no\r\n$-1\r\n*3\r\n$7\r\nmessage\r\n:1\r\n*-1\r\n$0\r\n\r\n";
        var reader = new RespReader(new TrickleStream(Encoding.ASCII.GetBytes(wire)));

        Assert.Equal("OK", (await reader.ReadAsync(default)).AsString());
        var error = await reader.ReadAsync(default);
        Assert.Equal(RedisReplyKind.Error, error.Kind);
        Assert.Throws<RedisErrorException>(() => error.ThrowIfError());
        Assert.Equal(-42, (await reader.ReadAsync(default)).AsInteger());
        Assert.Equal("he\r\no", (await reader.ReadAsync(default)).AsString());
        Assert.True((await reader.ReadAsync(default)).IsNull);
        var array = await reader.ReadAsync(default);
        Assert.Equal("message", array.Items![0].AsString());
        Assert.Equal(1, array.Items[1].AsInteger());
        Assert.True(array.Items[2].IsNull);
        Assert.Equal("", (await reader.ReadAsync(default)).AsString());
    }

    [Fact]
    public async Task ReadsABulkStringLargerThanItsBuffer()
    {
        var payload = new string('x', 100_000);
        var reader = new RespReader(new MemoryStream(Encoding.ASCII.GetBytes($"${payload.Length}\r\n{payload}\r\n")));

        Assert.Equal(payload, (await reader.ReadAsync(default)).AsString());
    }

    [Theory]
    [InlineData("?what\r\n")]
    [InlineData(":12x\r\n")]
    [InlineData("$3\r\nabcd\r\n")]
    [InlineData("$-5\r\n")]
    [InlineData("\r\n")]
    public async Task MalformedRepliesAreProtocolErrors(string wire)
    {
        var reader = new RespReader(new MemoryStream(Encoding.ASCII.GetBytes(wire)));

        await Assert.ThrowsAsync<RedisProtocolException>(async () => await reader.ReadAsync(default));
    }

    [Fact]
    public async Task AClosedConnectionMidReplyIsEndOfStream()
    {
        var reader = new RespReader(new MemoryStream("$10\r\nabc"u8.ToArray()));

        await Assert.ThrowsAsync<EndOfStreamException>(async () => await reader.ReadAsync(default));
    }

    [Fact]
    public void CommandsAreEncodedAsArraysOfBulkStrings()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();

        RespWriter.Write(buffer, ["SET", "k", "välue", 42L]);

        Assert.Equal("*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$6\r\nvälue\r\n$2\r\n42\r\n", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>Hands out one byte per read, the worst a TCP stream can do.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
