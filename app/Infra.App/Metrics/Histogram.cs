using System.Text;

namespace Infra.App.Metrics;

/// <summary>Observations counted into cumulative buckets, such as request durations.</summary>
internal sealed class Histogram(string name, string help, string[] labelNames, double[] bounds)
    : MetricFamily<Histogram.Child>(name, help, labelNames)
{
    /// <summary>Seconds, from a fast cache hit on loopback to a request that should have timed out.</summary>
    public static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    // A field initializer runs before the base constructor, which creates the unlabelled child from these bounds.
    private readonly double[] _bounds = Validated(name, bounds);

    protected override string Type => "histogram";

    protected override Child CreateChild() => new(_bounds);

    protected override void WriteChild(StringBuilder output, string[] labelValues, Child child)
    {
        var (buckets, sum, count) = child.Snapshot();
        long cumulative = 0;
        for (var i = 0; i < _bounds.Length; i++)
        {
            cumulative += buckets[i];
            PrometheusText.WriteSample(output, Name + "_bucket", LabelNames, labelValues, cumulative, "le", PrometheusText.FormatNumber(_bounds[i]));
        }

        PrometheusText.WriteSample(output, Name + "_bucket", LabelNames, labelValues, count, "le", "+Inf");
        PrometheusText.WriteSample(output, Name + "_sum", LabelNames, labelValues, sum);
        PrometheusText.WriteSample(output, Name + "_count", LabelNames, labelValues, count);
    }

    private static double[] Validated(string name, double[] bounds) =>
        bounds.Length > 0 && !bounds.Any(double.IsNaN) && !bounds.Zip(bounds.Skip(1)).Any(pair => pair.First >= pair.Second)
            ? bounds
            : throw new ArgumentException($"{name}: bucket bounds must be increasing numbers.", nameof(bounds));

    public sealed class Child(double[] bounds)
    {
        private readonly long[] _buckets = new long[bounds.Length];
        private AtomicDouble _sum;
        private long _count;

        public void Observe(double value)
        {
            var index = Array.BinarySearch(bounds, value);
            // An exact match belongs to that bucket (le is inclusive); otherwise the complement is the first larger bound.
            index = index >= 0 ? index : ~index;
            if (index < _buckets.Length)
            {
                Interlocked.Increment(ref _buckets[index]);
            }

            _sum.Add(value);
            Interlocked.Increment(ref _count);
        }

        public (long[] Buckets, double Sum, long Count) Snapshot()
        {
            var buckets = new long[_buckets.Length];
            for (var i = 0; i < buckets.Length; i++)
            {
                buckets[i] = Volatile.Read(ref _buckets[i]);
            }

            // A scrape racing an observation may see a bucket bumped before the count; never expose +Inf below a bucket.
            return (buckets, _sum.Value, Math.Max(Volatile.Read(ref _count), buckets.Sum()));
        }
    }
}
