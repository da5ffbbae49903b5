using System.Buffers.Text;

namespace Infra.App.Redis;

/// <summary>Reads RESP2 replies from a stream through its own buffer.</summary>
internal sealed class RespReader(Stream stream)
{
    /// <summary>Larger bulk strings are refused: this app never stores values anywhere near this big.</summary>
    public const int MaxBulkLength = 16 * 1024 * 1024;

    private const int MaxNesting = 8;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    public ValueTask<RedisReply> ReadAsync(CancellationToken cancellationToken) => ReadAsync(0, cancellationToken);

    private async ValueTask<RedisReply> ReadAsync(int depth, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        var type = line[0];
        var rest = line.AsMemory(1);
        switch (type)
        {
            case (byte)'+':
                return RedisReply.Simple(System.Text.Encoding.UTF8.GetString(rest.Span));
            case (byte)'-':
                return RedisReply.Error(System.Text.Encoding.UTF8.GetString(rest.Span));
            case (byte)':':
                return RedisReply.Number(ParseInteger(rest.Span));
            case (byte)'$':
            {
                var length = ParseInteger(rest.Span);
                if (length == -1)
                {
                    return RedisReply.BulkString(null);
                }

                if (length is < 0 or > MaxBulkLength)
                {
                    throw new RedisProtocolException($"Bulk string length {length} is out of range.");
                }

                var bytes = await ReadExactAsync((int)length, cancellationToken);
                return RedisReply.BulkString(bytes);
            }

            case (byte)'*':
            {
                var count = ParseInteger(rest.Span);
                if (count == -1)
                {
                    return RedisReply.Array(null);
                }

                if (count is < 0 or > 1024 * 1024 || depth >= MaxNesting)
                {
                    throw new RedisProtocolException($"Array of {count} elements at depth {depth} is out of range.");
                }

                var items = new RedisReply[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = await ReadAsync(depth + 1, cancellationToken);
                }

                return RedisReply.Array(items);
            }

            default:
                throw new RedisProtocolException($"Unknown reply type byte 0x{type:x2}.");
        }
    }

    private static long ParseInteger(ReadOnlySpan<byte> text) =>
        Utf8Parser.TryParse(text, out long value, out var consumed) && consumed == text.Length
            ? value
            : throw new RedisProtocolException("Malformed integer in reply.");

    private async ValueTask<byte[]> ReadLineAsync(CancellationToken cancellationToken)
    {
        var searched = 0;
        while (true)
        {
            var index = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf("\r\n"u8);
            if (index >= 0)
            {
                var length = searched + index;
                if (length == 0)
                {
                    throw new RedisProtocolException("Empty reply line.");
                }

                var line = _buffer.AsSpan(_start, length).ToArray();
                _start += length + 2;
                return line;
            }

            // Keep the last byte: it may be the \r of a \r\n split across reads.
            searched = Math.Max(0, _end - _start - 1);
            if (_end - _start > 64 * 1024)
            {
                throw new RedisProtocolException("Reply line too long.");
            }

            await FillAsync(cancellationToken);
        }
    }

    private async ValueTask<byte[]> ReadExactAsync(int length, CancellationToken cancellationToken)
    {
        var result = new byte[length];
        var copied = 0;
        // The payload is followed by \r\n, which must arrive too.
        while (copied < length)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken);
            }

            var chunk = Math.Min(length - copied, _end - _start);
            _buffer.AsSpan(_start, chunk).CopyTo(result.AsSpan(copied));
            _start += chunk;
            copied += chunk;
        }

        while (_end - _start < 2)
        {
            await FillAsync(cancellationToken);
        }

        if (_buffer[_start] != '\r' || _buffer[_start + 1] != '\n')
        {
            throw new RedisProtocolException("Bulk string not terminated by CRLF.");
        }

        _start += 2;
        return result;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            var pending = _end - _start;
            if (_start == 0)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            else
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
                _start = 0;
                _end = pending;
            }
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
        {
            throw new EndOfStreamException("Redis closed the connection.");
        }

        _end += read;
    }
}
