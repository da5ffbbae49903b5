using System.Reflection;
using Infra.App.Tests.Fixtures;
using Infra.Contract;

namespace Infra.App.Tests.Metrics;

[Collection(PlatformCollection.Name)]
public sealed class MetricsApiTests(Platform platform)
{
    [Fact]
    public async Task MetricsPassPromtoolAndCarryEveryContractName()
    {
        await using var app = await platform.StartAppAsync();
        var id = (await app.Client.CreateTaskAsync("measured")).GetProperty("id").GetInt64();
        await app.Client.GetAsync($"/api/tasks/{id}");
        await app.Client.GetAsync($"/api/tasks/{id}");
        await app.Client.GetAsync("/does-not-exist");

        using var response = await app.MetricsClient.GetAsync(AppContract.Paths.Metrics);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        await Promtool.CheckMetricsAsync(text);
        foreach (var name in typeof(AppContract.Metrics).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!))
        {
            Assert.Contains($"# TYPE {name} ", text);
        }

        Assert.Equal(1, await app.MetricsClient.MetricAsync($"{AppContract.Metrics.CacheLookups}{{result=\"hit\",store=\"redis\"}}"));
        Assert.Equal(1, await app.MetricsClient.MetricAsync($"{AppContract.Metrics.CacheLookups}{{result=\"miss\",store=\"redis\"}}"));
        Assert.Equal(1, await app.MetricsClient.MetricAsync(AppContract.Metrics.RedisUp));
        Assert.Contains($"{AppContract.Metrics.HttpRequests}{{method=\"GET\",route=\"/api/tasks/{{id:long}}\",status=\"200\"}} 2", text);
        Assert.Contains($"{AppContract.Metrics.HttpRequests}{{method=\"GET\",route=\"unmatched\",status=\"404\"}} 1", text);
        Assert.Contains($"{AppContract.Metrics.DbQueryDuration}_count{{operation=\"tasks_get\"}} 1", text);
        Assert.Contains($"{AppContract.Metrics.BuildInfo}{{version=\"1.2.3-test\",instance=\"app-1\",environment=\"test\",", text);
    }

    [Fact]
    public async Task MetricsAreTheContractTextFormatEvenWhenTheScraperOffersOpenMetrics()
    {
        await using var app = await platform.StartAppAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, AppContract.Paths.Metrics);
        // What Prometheus 2.x sends when it scrapes.
        request.Headers.TryAddWithoutValidation(
            "Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");

        using var response = await app.MetricsClient.SendAsync(request);

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.DoesNotContain("# EOF", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MetricsAreServedOnlyOnTheMetricsPort()
    {
        await using var app = await platform.StartAppAsync();
        foreach (var path in new[] { "/metrics", "/METRICS", "/Metrics", "/metrics/", "/metrics%2F" })
        {
            using var response = await app.Client.GetAsync(path);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.NotFound, $"GET {path} on the app port answered {(int)response.StatusCode}, not 404");
        }

        using var other = await app.MetricsClient.GetAsync("/api/tasks");
        Assert.True(other.StatusCode == System.Net.HttpStatusCode.NotFound, $"GET /api/tasks on the metrics port answered {(int)other.StatusCode}, not 404");
    }
}
