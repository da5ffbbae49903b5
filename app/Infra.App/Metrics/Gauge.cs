using System.Text;

namespace Infra.App.Metrics;

/// <summary>A value that goes up and down, such as requests in flight.</summary>
internal sealed class Gauge(string name, string help, string[] labelNames)
    : MetricFamily<Gauge.Child>(name, help, labelNames)
{
    protected override string Type => "gauge";

    protected override Child CreateChild() => new();

    protected override void WriteChild(StringBuilder output, string[] labelValues, Child child) =>
        PrometheusText.WriteSample(output, Name, LabelNames, labelValues, child.Value);

    public sealed class Child
    {
        private AtomicDouble _value;

        public double Value => _value.Value;

        public void Set(double value) => _value.Set(value);

        public void Inc(double amount = 1) => _value.Add(amount);

        public void Dec(double amount = 1) => _value.Add(-amount);
    }
}
