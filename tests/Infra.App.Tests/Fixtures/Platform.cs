using Infra.TestKit;
using StackExchange.Redis;

namespace Infra.App.Tests.Fixtures;

/// <summary>The loopback platform as an xunit fixture: started once for the collection, stopped after it.</summary>
public sealed class Platform : LoopbackPlatform, IAsyncLifetime
{
    /// <summary>A connection of the test's own to the fixture's Redis, to look at what the app left there.</summary>
    public async Task<ConnectionMultiplexer> ConnectRedisAsync() =>
        await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", Redis.Port } },
            Password = RedisServer.Password,
            // CLIENT LIST is an admin command to StackExchange.Redis.
            AllowAdmin = true,
            ClientName = "tests",
        });
}
