using Infra.App.Redis;
using Infra.App.Settings;
using Microsoft.Extensions.Options;

namespace Infra.App.Updates;

/// <summary>
/// Fans task changes out to every replica's WebSocket clients through Redis pub/sub: a change is published, and each
/// replica (this one included) hears it on its subscription and forwards it to its own clients. While Redis is down,
/// changes reach this replica's clients only.
/// </summary>
internal sealed class TaskUpdates(RedisClient redis, TaskUpdateHub hub, IOptions<PostgresOptions> postgres) : IRedisChannelListener
{
    /// <summary>Named after the database, so two stacks sharing a Redis never see each other's changes.</summary>
    public string Channel { get; } = $"infra-app:v1:{postgres.Value.Database}:task-changes";

    public async Task PublishAsync(TaskChange change, CancellationToken cancellationToken)
    {
        var message = TaskUpdateHub.Serialize(change);
        try
        {
            await redis.PublishAsync(Channel, message, cancellationToken);
        }
        catch (RedisUnavailableException)
        {
            hub.Broadcast(message);
        }
    }

    public void OnMessage(byte[] payload) => hub.Broadcast(payload);

    public void OnSubscribed() => hub.Broadcast(TaskChange.Resync);
}
