using System.Reflection;

namespace Infra.Blueprint.Monitoring;

/// <summary>
/// The Grafana dashboards, kept as JSON files in <c>Monitoring/dashboards/</c> (embedded in the assembly) so a change
/// is a reviewable diff; Grafana loads them through <see cref="GrafanaProvisioning.DashboardProvider"/>.
/// </summary>
public static class Dashboards
{
    private const string Prefix = "Infra.Blueprint.Monitoring.dashboards.";

    /// <summary>Every dashboard by file name (<c>platform.json</c> …), in name order.</summary>
    public static IReadOnlyList<(string FileName, string Json)> All { get; } = Load();

    private static List<(string, string)> Load()
    {
        var assembly = typeof(Dashboards).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[Prefix.Length..], Read(assembly, n)))
            .ToList();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
