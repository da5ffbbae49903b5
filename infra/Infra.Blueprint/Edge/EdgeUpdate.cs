using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Edge;

/// <summary>What one step of an edge update does to its host.</summary>
public enum EdgeUpdateStepKind
{
    /// <summary>Remove the host's DNS records (every public hostname's record with the host's address): Cloudflare stops opening connections to it.</summary>
    Withdraw,

    /// <summary>Wait <see cref="EdgeUpdate.DrainSeconds"/>, so Cloudflare has applied the change and the host's in-flight requests finish.</summary>
    Drain,

    /// <summary>
    /// Stop the host's nginx with <see cref="EdgeUpdate.StopSignal"/> (graceful: it stops accepting, finishes what it holds and closes idle
    /// keep-alive connections, for at most <see cref="EdgeUpdate.ShutdownSeconds"/>), start the new one, wait until it is healthy.
    /// </summary>
    Replace,

    /// <summary>Put the host's DNS records back.</summary>
    Restore,
}

/// <summary>One step of <see cref="EdgeUpdate.Steps(Layout)"/>.</summary>
/// <param name="Host">The edge host (its settings name).</param>
/// <param name="Address">Its public address: the value of the DNS records withdrawn and restored.</param>
/// <param name="Service">The host's nginx service (<see cref="Layout.EdgeServices"/>), which <see cref="EdgeUpdateStepKind.Replace"/> updates.</param>
/// <param name="Kind">What the step does.</param>
public sealed record EdgeUpdateStep(string Host, string Address, string Service, EdgeUpdateStepKind Kind);

/// <summary>
/// How the edge is updated without failing a request on Cloudflare Free, which has no origin health checks and does not
/// retry another A record when an origin refuses. The edge publishes 80/443 in host mode, so a host's new nginx cannot
/// start before the old one stops: one host at a time, out of DNS first. Each edge host has its own service, so the
/// Pulumi layer can replace one host's nginx between that host's withdrawal and restore (<see cref="EdgeDnsScript"/>,
/// docs/edge.md). The graceful stop is the Swarm service's own
/// (<see cref="StopSignal"/>, <see cref="StopGraceSeconds"/>); the DNS withdrawal needs a second edge host to take the
/// traffic, so a single edge host keeps a restart window (a config change there is zero-drop only as an nginx reload).
/// </summary>
public static class EdgeUpdate
{
    /// <summary>nginx's graceful shutdown (SIGTERM is its fast one, which cuts in-flight requests). The nginx image sets it too; the service says it.</summary>
    public const string StopSignal = "SIGQUIT";

    /// <summary>Seconds between withdrawing a host's records and stopping it: Cloudflare applies a proxied record's change within seconds.</summary>
    public const int DrainSeconds = 30;

    /// <summary>
    /// The longest nginx spends finishing requests at a graceful stop or a reload (<c>worker_shutdown_timeout</c>): an ordinary request
    /// has its replica's read timeout; a WebSocket (held up to an hour) is closed then, and the app's clients reconnect.
    /// </summary>
    public static int ShutdownSeconds(EdgeSettings edge) => edge.ProxyReadTimeoutSeconds;

    /// <summary>Seconds Swarm waits after <see cref="StopSignal"/> before SIGKILL: nginx's own shutdown bound plus a margin, so nginx ends first.</summary>
    public static int StopGraceSeconds(EdgeSettings edge) => ShutdownSeconds(edge) + 5;

    /// <summary>
    /// The update, host by host in settings order: withdraw, drain, replace, restore. With a single edge host there is no one to
    /// take its traffic, so the only step is its replacement.
    /// </summary>
    public static IReadOnlyList<EdgeUpdateStep> Steps(Layout layout)
    {
        var hosts = layout.EdgeHosts;
        if (hosts.Count == 1)
        {
            return [new EdgeUpdateStep(hosts[0].Name, hosts[0].Address, layout.EdgeServices[hosts[0].Name], EdgeUpdateStepKind.Replace)];
        }

        return
        [
            .. hosts.SelectMany(h => new[] { EdgeUpdateStepKind.Withdraw, EdgeUpdateStepKind.Drain, EdgeUpdateStepKind.Replace, EdgeUpdateStepKind.Restore }
                .Select(kind => new EdgeUpdateStep(h.Name, h.Address, layout.EdgeServices[h.Name], kind))),
        ];
    }

    /// <summary>The update of a stack's settings (<see cref="Steps(Layout)"/>).</summary>
    public static IReadOnlyList<EdgeUpdateStep> Steps(StackSettings settings) => Steps(Layout.Of(settings));
}
