using System.Text.RegularExpressions;
using Infra.Blueprint.Data;
using Infra.Blueprint.Settings;
using Infra.Data.Tests.Daemons;
using Infra.TestKit;
using Npgsql;

namespace Infra.Data.Tests.Data;

/// <summary>
/// docs/runbooks/restore.md, section 1, run as written: the shell of step 0 (from "inside the container"), then steps 3
/// to 5, against the backup rig's real Postgres and restic repository. The only edits are the container's paths
/// (<c>/var/lib/backup</c>, <c>/etc/infra/backup.sh</c>) moved to the rig's folder and the superuser's name, which the
/// runbook says is the stack's <c>infra:postgres.user</c>.
/// </summary>
public sealed partial class RestoreRunbookTests
{
    private static readonly StackSettings Staging = Repository.Stack("staging").ToSettings(checkSecrets: false);

    [Fact]
    public async Task TheRunbooksRestoreReplacesTheDatabaseKeepsTheBrokenOneAndTheAppOwnsWhatComesBack()
    {
        using var rig = BackupRig.Start(Staging);
        var database = Staging.Postgres.Database;
        // What a stack with the roles holds: the app's tables in public, owned by infra_app.
        Must(rig.Postgres.PsqlAsApp("""
            CREATE TABLE customers (id bigserial PRIMARY KEY, name text NOT NULL);
            CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id));
            INSERT INTO customers (name) SELECT 'customer ' || g FROM generate_series(1, 300) g;
            INSERT INTO orders (customer_id) SELECT 1 + g % 300 FROM generate_series(1, 900) g;
            """));
        var backup = rig.Backup();
        Assert.True(backup.ExitCode == 0, "backup failed:\n" + backup.Output);
        // What was lost after the backup.
        Must(rig.Postgres.PsqlAsApp("DELETE FROM orders WHERE id > 100"));

        // Step 4's hand-over of the superuser's password, which the runbook pipes in from the Postgres task.
        var backupDir = rig.Dir.File("var-lib-backup");
        Directory.CreateDirectory(backupDir);
        File.WriteAllText(Path.Combine(backupDir, ".superuser"), File.ReadAllText(rig.Postgres.PasswordFile));
        rig.Dir.Write("none", "");
        var script = "set -euo pipefail\n" + Runbook(rig, backupDir);
        // The Postgres exporter stays connected to the app's database through a restore (step 2 stops only PgBouncer).
        await using var exporter = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = rig.Postgres.Port, Database = database, Username = Staging.Postgres.User, Password = rig.Postgres.Password, Pooling = false,
        }.ConnectionString);
        await exporter.OpenAsync();

        var run = Tools.Run("bash", ["-c", script], TimeSpan.FromMinutes(3), environment: rig.Environment);

        Assert.True(run.ExitCode == 0 && run.Stdout.Contains("counts match", StringComparison.Ordinal), $"the runbook's steps 3-5 failed (exit {run.ExitCode}):\n{run.Output}");
        Assert.Equal("900", rig.Postgres.Psql("SELECT count(*) FROM orders", database).Stdout.Trim());
        var broken = rig.Postgres.Psql($"SELECT datname FROM pg_database WHERE datname LIKE '{database}_broken_%'").Stdout.Trim();
        Assert.True(broken.Length > 0, "the broken database was not kept under a _broken_ name");
        Assert.Equal("100", rig.Postgres.Psql("SELECT count(*) FROM orders", broken).Stdout.Trim());
        var owners = rig.Postgres.Psql("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'", database).Stdout.Trim();
        Assert.True(owners == PostgresRoles.App, $"the restored tables are owned by '{owners}', expected {PostgresRoles.App}");
        var write = rig.Postgres.PsqlAsApp("INSERT INTO customers (name) VALUES ('after the restore') RETURNING name");
        Assert.True(write.ExitCode == 0, $"{PostgresRoles.App} cannot write the restored database: {write.Output}");
        Assert.False(File.Exists(Path.Combine(backupDir, ".superuser")), "the runbook left the superuser's password behind");
    }

    // Step 0 from the container's shell on, then the bash blocks of steps 3, 4 and 5 of section 1.
    private static string Runbook(BackupRig rig, string backupDir)
    {
        var text = File.ReadAllText(Repository.PathOf("docs/runbooks/restore.md"));
        var section = text[text.IndexOf("## 1. Restore the latest backup", StringComparison.Ordinal)..text.IndexOf("## 2.", StringComparison.Ordinal)];
        var step0 = Blocks(text[text.IndexOf("## 0.", StringComparison.Ordinal)..text.IndexOf("## 1.", StringComparison.Ordinal)]).Single();
        var shell = step0[(step0.IndexOf("# inside the container", StringComparison.Ordinal))..];
        var steps = Blocks(section[section.IndexOf("3. **Fetch the dump.**", StringComparison.Ordinal)..section.IndexOf("6. **Redis**", StringComparison.Ordinal)]);
        Assert.True(steps.Count == 3, $"restore.md section 1 steps 3-5 should hold three bash blocks, found {steps.Count}");

        return string.Join("\n", [shell, .. steps])
            .Replace("/var/lib/backup", backupDir, StringComparison.Ordinal)
            .Replace("/etc/infra/backup.sh", rig.Dir.File("backup.sh"), StringComparison.Ordinal)
            .Replace("/tmp/restored.tsv", rig.Dir.File("restored.tsv"), StringComparison.Ordinal)
            .Replace("PGUSER=app ", $"PGUSER={Staging.Postgres.User} ", StringComparison.Ordinal);
    }

    private static List<string> Blocks(string markdown) =>
        [.. BashBlock().Matches(markdown).Select(m => string.Join("\n", m.Groups["body"].Value.Split('\n').Select(l => l.TrimStart())))];

    [GeneratedRegex(@"```bash\n(?<body>.*?)\n\s*```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    private static void Must(ProcessResult result) => Assert.True(result.ExitCode == 0, result.Output);
}
