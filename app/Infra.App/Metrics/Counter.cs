using System.Text;

namespace Infra.App.Metrics;

/// <summary>A value that only goes up, such as requests served.</summary>
internal sealed class Counter(string name, string help, string[] labelNames)
    : MetricFamily<Counter.Child>(name, help, labelNames)
{
    protected override string Type => "counter";

    protected override Child CreateChild() => new();

    protected override void WriteChild(StringBuilder output, string[] labelValues, Child child) =>
        PrometheusText.WriteSample(output, Name, LabelNames, labelValues, child.Value);

    public sealed class Child
    {
        private AtomicDouble _value;

        public double Value => _value.Value;

        public void Inc(double amount = 1)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(amount);
            _value.Add(amount);
        }
    }
}
