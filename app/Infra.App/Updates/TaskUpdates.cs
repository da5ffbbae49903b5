using Infra.App.Redis;

namespace Infra.App.Updates;

/// <summary>
/// Fans task changes out to every replica's WebSocket clients through Redis pub/sub: a change is published, and each
/// replica (this one included) hears it on its subscription and forwards it to its own clients. While Redis is down,
/// changes reach this replica's clients only.
/// </summary>
internal sealed class TaskUpdates(RedisClient redis, TaskUpdateHub hub) : IRedisChannelListener
{
    public const string ChannelName = "infra-app:v1:task-changes";

    public string Channel => ChannelName;

    public async Task PublishAsync(TaskChange change, CancellationToken cancellationToken)
    {
        var message = TaskUpdateHub.Serialize(change);
        try
        {
            await redis.PublishAsync(ChannelName, message, cancellationToken);
        }
        catch (RedisUnavailableException)
        {
            hub.Broadcast(message);
        }
    }

    public void OnMessage(byte[] payload) => hub.Broadcast(payload);

    public void OnSubscribed() => hub.Broadcast(TaskChange.Resync);
}
