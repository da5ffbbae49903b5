using System.Globalization;
using System.Text.Json;
using Infra.Blueprint.Data;
using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Monitoring;

public sealed class RedisExporterPasswordFileTests
{
    [Fact]
    public void TheRedisExporterSecretIsJsonMappingRedisToItsPasswordOnceFormatted()
    {
        var secret = Planner.Build(Repository.Stack("prod")).Secrets.Single(s => s.Name == Layout.RedisExporterSecret);
        var redis = $"redis://{Layout.RedisService}:{RedisConfig.DefaultPort}";

        using var json = JsonDocument.Parse(string.Format(CultureInfo.InvariantCulture, secret.Template!, "p4ss"));

        Assert.Equal(RedisExporterPasswordFile.Template(redis), secret.Template);
        Assert.Equal("p4ss", json.RootElement.GetProperty(redis).GetString());
    }
}
