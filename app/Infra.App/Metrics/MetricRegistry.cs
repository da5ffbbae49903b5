using System.Text;

namespace Infra.App.Metrics;

/// <summary>The metrics one process exposes, rendered in the Prometheus text format.</summary>
internal sealed class MetricRegistry
{
    private readonly List<IMetricFamily> _families = [];
    private readonly List<Action> _beforeCollect = [];
    private readonly Lock _lock = new();

    public Counter Counter(string name, string help, params string[] labelNames) => Add(new Counter(name, help, labelNames));

    public Gauge Gauge(string name, string help, params string[] labelNames) => Add(new Gauge(name, help, labelNames));

    public Histogram Histogram(string name, string help, double[] bounds, params string[] labelNames) =>
        Add(new Histogram(name, help, labelNames, bounds));

    /// <summary>Runs <paramref name="update"/> before every scrape, for gauges read from elsewhere (memory, CPU).</summary>
    public void BeforeCollect(Action update)
    {
        lock (_lock)
        {
            _beforeCollect.Add(update);
        }
    }

    public string Render()
    {
        var output = new StringBuilder(16 * 1024);
        lock (_lock)
        {
            foreach (var update in _beforeCollect)
            {
                update();
            }

            foreach (var family in _families)
            {
                family.Write(output);
            }
        }

        return output.ToString();
    }

    private T Add<T>(T family) where T : IMetricFamily
    {
        lock (_lock)
        {
            if (_families.Any(f => f.Name == family.Name))
            {
                throw new ArgumentException($"Metric {family.Name} is already registered.");
            }

            _families.Add(family);
        }

        return family;
    }
}
