using System.Text;

namespace Infra.App.Redis;

/// <summary>One RESP2 reply: a simple string, an error, an integer, a bulk string (maybe null) or an array (maybe null).</summary>
internal sealed class RedisReply
{
    private RedisReply(RedisReplyKind kind, string? text = null, long integer = 0, byte[]? bulk = null, RedisReply[]? items = null)
    {
        Kind = kind;
        Text = text;
        Integer = integer;
        Bulk = bulk;
        Items = items;
    }

    public RedisReplyKind Kind { get; }

    /// <summary>The text of a simple string or an error.</summary>
    public string? Text { get; }

    public long Integer { get; }

    /// <summary>The bytes of a bulk string; null for the null bulk string.</summary>
    public byte[]? Bulk { get; }

    /// <summary>The elements of an array; null for the null array.</summary>
    public RedisReply[]? Items { get; }

    public bool IsNull => Kind is RedisReplyKind.BulkString or RedisReplyKind.Array && Bulk is null && Items is null;

    public static RedisReply Simple(string text) => new(RedisReplyKind.SimpleString, text);

    public static RedisReply Error(string text) => new(RedisReplyKind.Error, text);

    public static RedisReply Number(long value) => new(RedisReplyKind.Integer, integer: value);

    public static RedisReply BulkString(byte[]? bytes) => new(RedisReplyKind.BulkString, bulk: bytes);

    public static RedisReply Array(RedisReply[]? items) => new(RedisReplyKind.Array, items: items);

    /// <summary>The reply as text: a simple string, or a bulk string decoded as UTF-8.</summary>
    public string? AsString() => Kind switch
    {
        RedisReplyKind.SimpleString => Text,
        RedisReplyKind.BulkString => Bulk is null ? null : Encoding.UTF8.GetString(Bulk),
        _ => throw new RedisProtocolException($"Expected a string reply, got {this}."),
    };

    public long AsInteger() => Kind == RedisReplyKind.Integer
        ? Integer
        : throw new RedisProtocolException($"Expected an integer reply, got {this}.");

    /// <summary>This reply, or an exception when Redis answered with an error.</summary>
    public RedisReply ThrowIfError() => Kind == RedisReplyKind.Error ? throw new RedisErrorException(Text ?? "") : this;

    public override string ToString() => Kind switch
    {
        RedisReplyKind.SimpleString => $"+{Text}",
        RedisReplyKind.Error => $"-{Text}",
        RedisReplyKind.Integer => $":{Integer}",
        RedisReplyKind.BulkString => Bulk is null ? "(nil)" : $"${Bulk.Length}",
        _ => Items is null ? "(nil array)" : $"*{Items.Length}",
    };
}
