using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Hosts;

/// <summary>The servers as the provisioner sees them: the leader, the Swarm node labels placement refers to, swap.</summary>
public static class Hosts
{
    /// <summary>The hosts' part of the plan.</summary>
    public static PlanPart Plan(Layout layout)
    {
        var settings = layout.Settings;
        var anyWorker = settings.HostsWith(HostRole.Worker).Count > 0;
        return new PlanPart
        {
            Hosts =
            [
                .. settings.Hosts.Select(h =>
                {
                    var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
                    foreach (var role in h.Roles.Where(r => r is HostRole.Edge or HostRole.Db or HostRole.Monitoring))
                    {
                        labels[Layout.LabelPrefix + role.ToString().ToLowerInvariant()] = "true";
                    }

                    // Without dedicated workers, the app runs wherever it can: on every host.
                    if (h.Roles.Contains(HostRole.Worker) || !anyWorker)
                    {
                        labels[Layout.LabelPrefix + "app"] = "true";
                    }

                    return new PlannedHost(
                        h.Name, h.Address, h.SshUser, h.SshPort, h.Roles, h == layout.Leader, labels,
                        SwapMb: Math.Min(h.MemoryMb, 4096),
                        BootstrapScriptPath: $"hosts/{h.Name}/bootstrap.sh",
                        DeployUser: settings.Ssh.DeployUser,
                        HostKey: h.HostKey);
                }),
            ],
        };
    }
}
