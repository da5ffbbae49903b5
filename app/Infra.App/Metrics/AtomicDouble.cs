namespace Infra.App.Metrics;

/// <summary>A double that many threads add to without a lock.</summary>
internal struct AtomicDouble
{
    private double _value;

    public double Value => Volatile.Read(ref _value);

    public void Set(double value) => Volatile.Write(ref _value, value);

    public void Add(double amount)
    {
        var current = Volatile.Read(ref _value);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _value, current + amount, current);
            // Compare bits, as CompareExchange does: 0.0 equals -0.0 numerically but not bitwise.
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }

            current = seen;
        }
    }
}
