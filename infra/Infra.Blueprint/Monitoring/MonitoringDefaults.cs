using System.Globalization;
using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Monitoring;

// What the monitoring services share: how each kind updates, and the HTTP probe of the images that ship wget.
internal static class MonitoringDefaults
{
    // A service with data on a volume of the monitoring host.
    public static UpdatePolicy Stateful { get; } = new(UpdateOrder.StopFirst, Parallelism: 1, DelaySeconds: 0, MonitorSeconds: 30, RollbackOnFailure: true, ConvergeTimeoutSeconds: 300);

    public static UpdatePolicy Stateless { get; } = new(UpdateOrder.StartFirst, Parallelism: 1, DelaySeconds: 5, MonitorSeconds: 15, RollbackOnFailure: true, ConvergeTimeoutSeconds: 300);

    // A global agent has one task per node: the old one stops before the new one starts.
    public static UpdatePolicy Agent { get; } = new(UpdateOrder.StopFirst, Parallelism: 1, DelaySeconds: 5, MonitorSeconds: 15, RollbackOnFailure: true, ConvergeTimeoutSeconds: 300);

    public static Healthcheck Wget(int port, string path) =>
        new(["CMD-SHELL", $"wget -q -O /dev/null http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{path} || exit 1"], 10, 5, 3, 30);

    public static IReadOnlyList<string> OnMonitoringHost { get; } = [Layout.Constraint("monitoring")];
}
