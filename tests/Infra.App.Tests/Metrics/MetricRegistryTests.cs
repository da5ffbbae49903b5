using Infra.App.Metrics;
using Infra.App.Tests.Fixtures;

namespace Infra.App.Tests.Metrics;

public sealed class MetricRegistryTests
{
    [Fact]
    public async Task LabelValuesWithQuotesBackslashesAndNewlinesPassPromtool()
    {
        var registry = new MetricRegistry();
        registry.Counter("test_requests_total", "Help with a backslash \\ and\na newline.", "path").WithLabels("/a\"b\\c\nd").Inc(3);
        registry.Gauge("test_temperature", "A gauge that goes negative.").Unlabelled.Set(-1.5);
        registry.Gauge("test_infinite", "A gauge at infinity.").Unlabelled.Set(double.PositiveInfinity);
        registry.Histogram("test_duration_seconds", "A histogram.", [0.1, 1], "route").WithLabels("/x").Observe(0.5);

        var text = registry.Render();

        Assert.Contains("test_requests_total{path=\"/a\\\"b\\\\c\\nd\"} 3\n", text);
        Assert.Contains("# HELP test_requests_total Help with a backslash \\\\ and\\na newline.\n", text);
        Assert.Contains("test_temperature -1.5\n", text);
        Assert.Contains("test_infinite +Inf\n", text);
        await Promtool.CheckMetricsAsync(text);
    }

    [Fact]
    public void HistogramBucketsAreCumulativeWithInclusiveUpperBounds()
    {
        var registry = new MetricRegistry();
        var histogram = registry.Histogram("test_seconds", "Durations.", [0.1, 1, 10]).Unlabelled;
        foreach (var value in new[] { 0.05, 0.1, 0.5, 1, 20 })
        {
            histogram.Observe(value);
        }

        var text = registry.Render();

        Assert.Contains("test_seconds_bucket{le=\"0.1\"} 2\n", text);
        Assert.Contains("test_seconds_bucket{le=\"1\"} 4\n", text);
        Assert.Contains("test_seconds_bucket{le=\"10\"} 4\n", text);
        Assert.Contains("test_seconds_bucket{le=\"+Inf\"} 5\n", text);
        Assert.Contains("test_seconds_count 5\n", text);
        Assert.Contains("test_seconds_sum 21.65\n", text);
    }

    [Fact]
    public void ConcurrentIncrementsAreNotLost()
    {
        var counter = new MetricRegistry().Counter("test_total", "Count.", "worker");

        Parallel.For(0, 8, worker =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                counter.WithLabels("shared").Inc();
            }
        });

        Assert.Equal(80_000, counter.WithLabels("shared").Value);
    }

    [Theory]
    [InlineData("1starts_with_digit")]
    [InlineData("has-dash")]
    [InlineData("")]
    public void InvalidMetricNamesAreRefused(string name) =>
        Assert.Throws<ArgumentException>(() => new MetricRegistry().Counter(name, "help"));

    [Theory]
    [InlineData("le")]
    [InlineData("__reserved")]
    [InlineData("has space")]
    public void InvalidLabelNamesAreRefused(string label) =>
        Assert.Throws<ArgumentException>(() => new MetricRegistry().Histogram("test_seconds", "help", [1], label));

    [Fact]
    public void ASecondMetricWithTheSameNameIsRefused()
    {
        var registry = new MetricRegistry();
        registry.Counter("test_total", "help");

        Assert.Throws<ArgumentException>(() => registry.Gauge("test_total", "help"));
    }
}
