using Infra.Blueprint.Data;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.Contract;
using Infra.Data.Tests.Daemons;
using Infra.TestKit;

namespace Infra.Data.Tests.Data;

/// <summary>
/// The plan's roles script against a real Postgres started with the rendered configs: what the app, the exporter and
/// the backup may and may not do, the app's own migrations as the app role, and the upgrade of a database whose tables
/// the superuser created (every stack deployed before these roles existed).
/// </summary>
public sealed class PostgresRolesDaemonTests
{
    private static readonly StackSettings Staging = Repository.Stack("staging").ToSettings(checkSecrets: false);

    [Fact]
    public void TheAppRoleCannotDropTheDatabaseCreateRolesReadPasswordHashesOrConnectElsewhere()
    {
        using var postgres = PostgresDaemon.Start(Staging, ["127.0.0.1/32"]);
        var database = Staging.Postgres.Database;

        Refused(postgres, $"DROP DATABASE {database}", "must be owner of database");
        Refused(postgres, "CREATE ROLE intruder LOGIN", "permission denied to create role");
        Refused(postgres, "SELECT rolpassword FROM pg_authid", "permission denied for table pg_authid");
        Refused(postgres, "CREATE DATABASE another", "permission denied to create database");
        Refused(postgres, "COPY (SELECT 1) TO PROGRAM 'id'", "must be superuser or have privileges of the pg_execute_server_program role");
        foreach (var other in new[] { "postgres", "template1" })
        {
            var connected = postgres.Psql("SELECT 1", other, PostgresRoles.App, postgres.AppPassword);
            Assert.True(connected.ExitCode != 0 && connected.Output.Contains("permission denied for database", StringComparison.Ordinal),
                $"{PostgresRoles.App} connected to database {other} (exit {connected.ExitCode}); only {database} is planned for it: {connected.Output}");
        }

        var attributes = postgres.PsqlAsApp($"SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = '{PostgresRoles.App}'");
        Assert.True(attributes.Stdout.Trim() == "f|f|f|f|f", $"role {PostgresRoles.App}: superuser|createrole|createdb|replication|bypassrls is '{attributes.Output.Trim()}', planned f|f|f|f|f");
    }

    [Fact]
    public async Task TheAppsMigrationsRunAsTheAppRoleAndItOwnsWhatTheyCreate()
    {
        using var postgres = PostgresDaemon.Start(Staging, ["127.0.0.1/32"]);

        var (code, output) = await MigrateAsync(postgres);

        Assert.True(code == 0, $"job {Layout.MigrateJob} as {PostgresRoles.App} failed ({code}):\n{output}\n{postgres.Log}");
        var owners = postgres.Psql("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'", Staging.Postgres.Database).Stdout.Trim();
        Assert.True(owners == PostgresRoles.App, $"tables in public are owned by '{owners}', expected {PostgresRoles.App}");
        var write = postgres.PsqlAsApp("INSERT INTO tasks (title) VALUES ('as the app') RETURNING title");
        Assert.True(write.ExitCode == 0 && write.Stdout.Trim() == "as the app", $"{PostgresRoles.App} cannot write its own table: {write.Output}");
    }

    [Fact]
    public async Task ADatabaseTheSuperuserBuiltIsHandedToTheAppRoleAndTheScriptRunsTwice()
    {
        // A stack deployed before the roles: the app logged in as the superuser, so its tables belong to the superuser.
        using var postgres = PostgresDaemon.Start(Staging, ["127.0.0.1/32"], roles: false);
        var database = Staging.Postgres.Database;
        var (first, firstOutput) = await MigrateAsync(postgres, asSuperuser: true);
        Assert.True(first == 0, firstOutput);
        Must(postgres.Psql("INSERT INTO tasks (title) VALUES ('before the upgrade')", database));
        Must(postgres.Psql("CREATE TYPE mood AS ENUM ('ok'); CREATE DOMAIN positive AS integer CHECK (VALUE > 0); CREATE TYPE pair AS (a integer, b integer)", database));
        Assert.Equal(Staging.Postgres.User, postgres.Psql("SELECT tableowner FROM pg_tables WHERE tablename = 'tasks'", database).Stdout.Trim());

        Must(postgres.ApplyRoles());
        Must(postgres.ApplyRoles());

        var owners = postgres.Psql("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'", database).Stdout.Trim();
        Assert.True(owners == PostgresRoles.App, $"after the upgrade the tables in public are owned by '{owners}', expected {PostgresRoles.App}");
        // The app's next migration changes the types the superuser made.
        var types = postgres.PsqlAsApp("ALTER TYPE mood ADD VALUE 'great'; ALTER DOMAIN positive DROP CONSTRAINT positive_check; ALTER TYPE pair ADD ATTRIBUTE c integer");
        Assert.True(types.ExitCode == 0, $"{PostgresRoles.App} cannot alter the types the superuser created before the upgrade: {types.Output}");
        var (code, output) = await MigrateAsync(postgres);
        Assert.True(code == 0, $"job {Layout.MigrateJob} as {PostgresRoles.App} on the upgraded database failed ({code}):\n{output}");
        var ddl = postgres.PsqlAsApp("ALTER TABLE tasks ADD COLUMN note text; INSERT INTO tasks (title) VALUES ('after'); SELECT count(*) FROM tasks WHERE note IS NULL");
        Assert.True(ddl.ExitCode == 0 && ddl.Stdout.Trim() == "2", $"{PostgresRoles.App} cannot change and write the upgraded table: {ddl.Output}");
    }

    [Fact]
    public void TheBackupRoleReadsEverythingAndWritesNothingAndTheMonitorRoleSeesEveryBackend()
    {
        using var postgres = PostgresDaemon.Start(Staging, ["127.0.0.1/32"]);
        var database = Staging.Postgres.Database;
        Must(postgres.PsqlAsApp("CREATE TABLE secrets_of_the_app (v text); INSERT INTO secrets_of_the_app VALUES ('kept')"));
        var backup = File.ReadAllText(postgres.BackupPasswordFile).Trim();
        var monitor = File.ReadAllText(postgres.MonitorPasswordFile).Trim();

        var dump = Tools.Run(Path.Combine(PostgresDaemon.BinDirectory, "pg_dump"),
            ["-h", "127.0.0.1", "-p", postgres.Port.ToString(), "-U", PostgresRoles.Backup, "-d", database, "--format=plain"],
            TimeSpan.FromMinutes(1), environment: new Dictionary<string, string> { ["PGPASSWORD"] = backup });
        Assert.True(dump.ExitCode == 0 && dump.Stdout.Contains("kept", StringComparison.Ordinal), $"pg_dump as {PostgresRoles.Backup} failed or missed the app's rows: {dump.Stderr}");
        var write = postgres.Psql("INSERT INTO secrets_of_the_app VALUES ('forged')", database, PostgresRoles.Backup, backup);
        Assert.True(write.ExitCode != 0 && write.Output.Contains("permission denied", StringComparison.Ordinal), $"{PostgresRoles.Backup} could write: {write.Output}");

        var seen = postgres.Psql("SELECT count(*) FROM pg_stat_activity WHERE query IS NOT NULL AND query <> '<insufficient privilege>' AND usename IS NOT NULL AND usename <> current_user", database, PostgresRoles.Monitor, monitor);
        Assert.True(seen.ExitCode == 0, $"{PostgresRoles.Monitor} cannot read pg_stat_activity: {seen.Output}");
        var monitorWrite = postgres.Psql("SELECT * FROM secrets_of_the_app", database, PostgresRoles.Monitor, monitor);
        Assert.True(monitorWrite.ExitCode != 0, $"{PostgresRoles.Monitor} can read the app's tables: {monitorWrite.Output}");
    }

    /// <summary>The migrate job's own environment from the plan, with the host, port and password file mapped onto loopback.</summary>
    private static Task<(int ExitCode, string Output)> MigrateAsync(PostgresDaemon postgres, bool asSuperuser = false)
    {
        var job = Planner.Build(Repository.Stack("staging")).Jobs.Single(j => j.Name == Layout.MigrateJob);
        var environment = job.Environment.ToDictionary(e => e.Key, e => (string?)e.Value);
        environment[AppContract.Env.PostgresHost] = "127.0.0.1";
        environment[AppContract.Env.PostgresPort] = postgres.Port.ToString();
        environment[AppContract.Env.PostgresPasswordFile] = asSuperuser ? postgres.PasswordFile : postgres.AppPasswordFile;
        if (asSuperuser)
        {
            environment[AppContract.Env.PostgresUser] = Staging.Postgres.User;
        }

        return ChildProcess.RunAsync("dotnet", [AppProcess.DllPath, .. job.Command], AppProcess.Environment(environment), TimeSpan.FromMinutes(2));
    }

    private static void Refused(PostgresDaemon postgres, string sql, string error)
    {
        var result = postgres.PsqlAsApp(sql);
        Assert.True(result.ExitCode != 0 && result.Output.Contains(error, StringComparison.Ordinal),
            $"{PostgresRoles.App} ran '{sql}' (exit {result.ExitCode}), expected '{error}': {result.Output}");
    }

    private static void Must(ProcessResult result) => Assert.True(result.ExitCode == 0, result.Output);
}
