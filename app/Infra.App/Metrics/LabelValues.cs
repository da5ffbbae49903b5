namespace Infra.App.Metrics;

/// <summary>The label values that identify one child of a metric family; ordered so the exposition is stable.</summary>
internal readonly struct LabelValues(string[] values) : IEquatable<LabelValues>, IComparable<LabelValues>
{
    public string[] Values { get; } = values;

    public bool Equals(LabelValues other) => Values.AsSpan().SequenceEqual(other.Values);

    public override bool Equals(object? obj) => obj is LabelValues other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in Values)
        {
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public int CompareTo(LabelValues other)
    {
        for (var i = 0; i < Math.Min(Values.Length, other.Values.Length); i++)
        {
            var order = string.CompareOrdinal(Values[i], other.Values[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return Values.Length.CompareTo(other.Values.Length);
    }
}
