using System.Globalization;
using Infra.Blueprint.Backups;
using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Operate;

/// <summary>
/// The <c>backup-now</c> and <c>restore-drill-now</c> scripts: the backup service's own command line, the one its
/// crontab runs (<see cref="BackupCrontab.BackupCommand"/>, <see cref="BackupCrontab.DrillCommand"/>), run now in its
/// running task on the db host with <c>docker exec</c>. Same scripts, same lock (a scheduled run in progress is waited
/// for), same metrics; the output comes back to the operator instead of the service's logs.
/// </summary>
public static class BackupNowScript
{
    /// <summary>Why <paramref name="plan"/> has nothing to run, naming the setting and the fix; null when backups are on.</summary>
    public static string? Problem(Plan plan) => plan.Settings.Backups.Enabled
        ? null
        : $"stack '{plan.Stack}' runs no backups ({Settings.ConfigKeys.BackupsEnabled.FullName} is false): set it to true and run pulumi up";

    /// <summary>The backup, now.</summary>
    public static OperatorScript Backup(Plan plan) => Render(plan, "backup-now", BackupCrontab.BackupCommand(BackupRuntime.Swarm(plan.Settings)));

    /// <summary>The restore drill, now.</summary>
    public static OperatorScript Drill(Plan plan) => Render(plan, "restore-drill-now", BackupCrontab.DrillCommand(BackupRuntime.Swarm(plan.Settings)));

    private static OperatorScript Render(Plan plan, string verb, string command)
    {
        var host = plan.Hosts.Single(h => h.Name == plan.Layout.DbHost.Name);
        var service = LogsScript.Quote(Layout.BackupService);
        return new OperatorScript(host, string.Create(CultureInfo.InvariantCulture, $$"""
            set -euo pipefail
            # {{verb}} (stack {{plan.Stack}}): in the running task of the service {{Layout.BackupService}} on {{host.Name}}, as its crontab does
            container=$(docker ps --quiet --filter label=com.docker.swarm.service.name={{service}} | head -n 1)
            if [[ -z "$container" ]]; then
              echo "{{verb}}: no task of the service {{Layout.BackupService}} runs on {{host.Name}}: run pulumi up, then infra ps --stack {{plan.Stack}}" >&2
              exit 1
            fi
            echo "{{verb}}: $(date -u +%Y-%m-%dT%H:%M:%SZ) in container ${container:0:12} of {{Layout.BackupService}}; waits for a scheduled run in progress" >&2
            exec docker exec "$container" sh -c {{LogsScript.Quote(command)}}

            """));
    }
}
