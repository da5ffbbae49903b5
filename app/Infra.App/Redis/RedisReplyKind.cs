namespace Infra.App.Redis;

/// <summary>The RESP2 reply types, named after their first byte's meaning.</summary>
internal enum RedisReplyKind
{
    SimpleString,
    Error,
    Integer,
    BulkString,
    Array,
}
