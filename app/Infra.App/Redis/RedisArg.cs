using System.Globalization;
using System.Text;

namespace Infra.App.Redis;

/// <summary>One argument of a command; Redis sees every argument as a binary-safe string.</summary>
internal readonly struct RedisArg(byte[] bytes)
{
    public byte[] Bytes { get; } = bytes;

    public static implicit operator RedisArg(string text) => new(Encoding.UTF8.GetBytes(text));

    public static implicit operator RedisArg(byte[] bytes) => new(bytes);

    public static implicit operator RedisArg(long number) => new(Encoding.ASCII.GetBytes(number.ToString(CultureInfo.InvariantCulture)));
}
