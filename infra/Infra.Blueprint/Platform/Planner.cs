using Infra.Blueprint.Hosts;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Platform;

/// <summary>
/// Turns validated settings into the <see cref="Plan"/>: pure, deterministic, no I/O. First the <see cref="Layout"/>
/// fixes every shared name and fact; then each noun plans its own part from it; the parts are merged in a fixed
/// order, the rollout is ordered and checked, and the files are rendered.
/// </summary>
public static class Planner
{
    /// <summary>Builds the plan of a stack.</summary>
    public static Plan Build(StackSettings settings)
    {
        var layout = Layout.Of(settings);
        var merged = PlanPart.Merge(
        [
            Hosts.Hosts.Plan(layout),
            Networks(layout),
            Data.Postgres.Plan(layout),
            Data.PostgresRoles.Plan(layout),
            Data.PgBouncer.Plan(layout),
            Data.Redis.Plan(layout),
            Backups.Backups.Plan(layout),
            App.Migrate.Plan(layout),
            App.App.Plan(layout),
            App.Workers.Plan(layout),
            App.Schedules.Plan(layout),
            Monitoring.Prometheus.Plan(layout),
            Monitoring.Alertmanager.Plan(layout),
            Monitoring.Grafana.Plan(layout),
            Monitoring.Logs.Plan(layout),
            Monitoring.Exporters.Plan(layout),
            Monitoring.TlsProbe.Plan(layout),
            Edge.Edge.Plan(layout),
            Edge.Dns.Plan(layout),
            Firewall.Plan(layout),
        ]);

        var rollout = Rollout.Order(merged.Services, merged.Jobs);
        var schedules = App.Schedules.Of(layout);
        var partial = new Plan(layout, merged.Hosts, merged.Networks, merged.Secrets, merged.Configs, merged.Volumes, merged.Services,
            merged.DnsRecords, merged.Certificates, merged.FirewallRules, merged.Jobs, merged.Buckets, rollout, Files: [])
        {
            ZoneSettings = merged.ZoneSettings,
            Schedules = schedules,
        };
        RenderedFile[] files =
        [
            .. merged.Configs.Select(c => new RenderedFile($"configs/{c.Key}", c.Content)),
            .. merged.Hosts.Select(h => new RenderedFile(h.BootstrapScriptPath, BootstrapScript.Render(partial, h))),
            new(SwarmScripts.InitPath, SwarmScripts.Init()),
            new(SwarmScripts.JoinPath, SwarmScripts.Join()),
            new(SwarmScripts.MembersPath, SwarmScripts.Members(partial)),
            new(AccessScript.Path, AccessScript.Render()),
            new(HostKeyScript.Path, HostKeyScript.Render()),
            .. merged.Jobs.Select(j => new RenderedFile(j.ScriptPath, JobScript.Render(j))),
            .. ScheduleFiles(schedules),
            .. Edge.EdgeDnsScript.Files(partial),
        ];
        var plan = partial with { Files = files };
        return plan with { Files = [.. files, new RenderedFile("topology.txt", TopologyReport.Render(plan))] };
    }

    /// <summary>Reads, validates and plans a stack in one step.</summary>
    public static Plan Build(StackConfig config, bool checkSecrets = false) => Build(config.ToSettings(checkSecrets));

    // The scheduled tasks' files and their installer.
    // The installer is rendered even with none: it removes the timers of tasks the stack no longer declares.
    private static IEnumerable<RenderedFile> ScheduleFiles(IReadOnlyList<ScheduleSpec> schedules) =>
    [
        .. schedules.SelectMany(s => new RenderedFile[]
        {
            new(s.ScriptPath, ScheduleScripts.Runner(s)),
            new(s.JobScriptPath, JobScript.Render(s.Job)),
            new(s.ServiceUnitPath, ScheduleScripts.ServiceUnit(s)),
            new(s.TimerUnitPath, ScheduleScripts.TimerUnit(s)),
        }),
        new(ScheduleScripts.InstallPath, ScheduleScripts.Install(schedules)),
    ];

    // The overlays every stack has; they are encrypted when they cross hosts. The backups add their egress network.
    private static PlanPart Networks(Layout layout) => new()
    {
        Networks =
        [
            new NetworkSpec(Layout.EdgeNetwork, Internal: false, Encrypted: layout.EncryptedOverlays),
            new NetworkSpec(Layout.BackendNetwork, Internal: true, Encrypted: layout.EncryptedOverlays, Subnet: Layout.BackendSubnet),
            // Not internal: Alertmanager mails and posts out, the blackbox exporter probes the public URLs.
            .. layout.Settings.Monitoring.Enabled ? [new NetworkSpec(Layout.MonitoringNetwork, Internal: false, Encrypted: layout.EncryptedOverlays)] : Array.Empty<NetworkSpec>(),
        ],
    };
}
