using Infra.App.Redis;
using Infra.App.Settings;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Infra.App.Updates;

/// <summary>
/// Fans task changes out to every replica's WebSocket clients through Redis pub/sub: a change is published, and each
/// replica (this one included) hears it on its subscription and forwards it to its own clients. While Redis is down,
/// changes reach this replica's clients only; when the subscription returns, clients get <c>resync</c>.
/// </summary>
internal sealed class TaskUpdates(IConnectionMultiplexer redis, TaskUpdateHub hub, IOptions<PostgresOptions> postgres, ILogger<TaskUpdates> logger)
    : BackgroundService
{
    private ChannelMessageQueue? _messages;

    /// <summary>Named after the database, so two stacks sharing a Redis never see each other's changes.</summary>
    public RedisChannel Channel { get; } = RedisChannel.Literal($"infra-app:v1:{postgres.Value.Database}:task-changes");

    /// <summary>True while this replica hears the channel.</summary>
    public bool IsSubscribed => Volatile.Read(ref _messages) is not null && redis.GetSubscriber().IsConnected(Channel);

    public async Task PublishAsync(TaskChange change)
    {
        var message = TaskUpdateHub.Serialize(change);
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, message);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            hub.Broadcast(message);
        }
    }

    /// <summary>
    /// Subscribes once, retrying until Redis answers; after that the multiplexer re-subscribes by itself on every
    /// reconnection. Messages are handed to the hub one at a time, in the order Redis sent them.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var subscriber = redis.GetSubscriber();
        redis.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                hub.Broadcast(TaskChange.Resync);
            }
        };
        while (true)
        {
            try
            {
                var messages = await subscriber.SubscribeAsync(Channel);
                messages.OnMessage(message => hub.Broadcast((byte[])message.Message!));
                Volatile.Write(ref _messages, messages);
                logger.LogInformation("Subscribed to Redis channel {Channel}", Channel.ToString());
                hub.Broadcast(TaskChange.Resync);
                return;
            }
            catch (Exception e) when (RedisOutage.Is(e))
            {
                // The multiplexer keeps a failed subscription and would deliver to its lost queue too: drop it first.
                logger.LogDebug("Subscribing to Redis channel {Channel} failed, retrying: {Reason}", Channel.ToString(), e.Message);
                try
                {
                    await subscriber.UnsubscribeAsync(Channel);
                }
                catch (Exception again) when (RedisOutage.Is(again))
                {
                    // Nothing was subscribed on the server, which is what the retry needs.
                }

                await Task.Delay(RedisConnection.RetryInterval, stoppingToken);
            }
        }
    }
}
