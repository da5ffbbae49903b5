using System.Collections.Concurrent;
using System.Text;

namespace Infra.App.Metrics;

/// <summary>A named metric and its children, one per distinct set of label values.</summary>
internal abstract class MetricFamily<TChild>
    : IMetricFamily where TChild : class
{
    private readonly ConcurrentDictionary<LabelValues, TChild> _children = new();

    protected MetricFamily(string name, string help, string[] labelNames)
    {
        if (!PrometheusText.IsMetricName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid Prometheus metric name.", nameof(name));
        }

        foreach (var label in labelNames)
        {
            if (!PrometheusText.IsLabelName(label) || label == "le")
            {
                throw new ArgumentException($"'{label}' is not a valid label name for {name}.", nameof(labelNames));
            }
        }

        Name = name;
        Help = help;
        LabelNames = labelNames;
        if (labelNames.Length == 0)
        {
            _children[new LabelValues([])] = CreateChild();
        }
    }

    public string Name { get; }

    public string Help { get; }

    public IReadOnlyList<string> LabelNames { get; }

    protected abstract string Type { get; }

    /// <summary>The child of a family without labels.</summary>
    public TChild Unlabelled => WithLabels();

    public TChild WithLabels(params string[] values)
    {
        if (values.Length != LabelNames.Count)
        {
            throw new ArgumentException($"{Name} takes {LabelNames.Count} label values, not {values.Length}.", nameof(values));
        }

        return _children.GetOrAdd(new LabelValues(values), static (_, family) => family.CreateChild(), this);
    }

    public void Write(StringBuilder output)
    {
        PrometheusText.WriteHeader(output, Name, Help, Type);
        foreach (var (labels, child) in _children.OrderBy(c => c.Key))
        {
            WriteChild(output, labels.Values, child);
        }
    }

    protected abstract TChild CreateChild();

    protected abstract void WriteChild(StringBuilder output, string[] labelValues, TChild child);
}
