using System.Text;

namespace Infra.App.Metrics;

/// <summary>A metric family the registry can write, whatever its type.</summary>
internal interface IMetricFamily
{
    string Name { get; }

    void Write(StringBuilder output);
}
