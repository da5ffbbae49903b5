using System.CommandLine;
using Infra.Blueprint.Operate;

namespace Infra.Cli;

/// <summary>The <c>restore-drill-now</c> command: the scheduled restore drill, run now in the backup service's task.</summary>
public static class RestoreDrillNowCommand
{
    /// <summary>The command with its options.</summary>
    public static Command Build() => BackupNowCommand.Build(
        "restore-drill-now", "Run the restore drill now, as its schedule does: restore the latest backup into a scratch server and check it; fails if the drill fails", BackupNowScript.Drill);
}
