using System.Buffers;
using System.Buffers.Text;

namespace Infra.App.Redis;

/// <summary>Encodes commands as RESP2 arrays of bulk strings: <c>*2\r\n$3\r\nGET\r\n$1\r\nk\r\n</c>.</summary>
internal static class RespWriter
{
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<RedisArg> command)
    {
        WriteHeader(output, (byte)'*', command.Count);
        foreach (var arg in command)
        {
            WriteHeader(output, (byte)'$', arg.Bytes.Length);
            output.Write(arg.Bytes);
            output.Write("\r\n"u8);
        }
    }

    private static void WriteHeader(IBufferWriter<byte> output, byte type, int length)
    {
        var span = output.GetSpan(16);
        span[0] = type;
        Utf8Formatter.TryFormat(length, span[1..], out var written);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        output.Advance(3 + written);
    }
}
