using System.Globalization;
using Infra.Blueprint.Platform;
using Infra.Contract;

namespace Infra.Blueprint.Data;

/// <summary>
/// The least-privilege roles every client of Postgres logs in as, instead of the superuser
/// (<c>infra:postgres.user</c>, the image's <c>POSTGRES_USER</c>, which keeps only the roles job, the healthcheck and
/// an operator's restore): the app owns its schema and nothing else, the exporter has <c>pg_monitor</c>, the backup
/// <c>pg_read_all_data</c> (and <c>REPLICATION</c> for base backups). The <c>postgres-roles</c> job creates them with
/// one idempotent script on every deploy whose script or image changed: on a fresh volume and on a database made before
/// these roles existed alike, which <c>/docker-entrypoint-initdb.d</c> (run on an empty volume only) could not do.
/// </summary>
public static class PostgresRoles
{
    /// <summary>The role the app and its migrations log in as: owner of the <c>public</c> schema of the app's database.</summary>
    public const string App = "infra_app";

    /// <summary>The role postgres-exporter logs in as: <c>pg_monitor</c>.</summary>
    public const string Monitor = "infra_monitor";

    /// <summary>The role the backup logs in as: <c>pg_read_all_data</c> for <c>pg_dump</c> (Postgres 14 and later; the pinned majors are 15–17).</summary>
    public const string Backup = "infra_backup";

    /// <summary>The superuser's password, the image's <c>POSTGRES_PASSWORD_FILE</c>; its name is the one every existing stack's state already holds.</summary>
    public const string SuperuserSecret = AppContract.Secrets.PostgresPassword;

    /// <summary>The app role's password; mounted in the app at the contract's <c>postgres_password</c> file.</summary>
    public const string AppSecret = "postgres_app_password";

    /// <summary>The monitor role's password.</summary>
    public const string MonitorSecret = "postgres_monitor_password";

    /// <summary>The backup role's password.</summary>
    public const string BackupSecret = "postgres_backup_password";

    /// <summary>The roles job's name.</summary>
    public const string Job = "postgres-roles";

    /// <summary>Connections the monitor and the backup role may hold each (the pool's budget is not theirs).</summary>
    public const int ServiceConnectionLimit = 5;

    /// <summary>The roles' part of the plan: their passwords and the job that creates them.</summary>
    public static PlanPart Plan(Layout layout)
    {
        var settings = layout.Settings;
        return new PlanPart
        {
            Secrets =
            [
                new SecretSpec(AppSecret, SecretKind.Password, Length: 32),
                new SecretSpec(MonitorSecret, SecretKind.Password, Length: 32),
                new SecretSpec(BackupSecret, SecretKind.Password, Length: 32),
            ],
            Jobs =
            [
                new JobSpec(
                    Name: Job,
                    Image: Images.Postgres[settings.Postgres.Version].ToString(),
                    Entrypoint: ["sh", "-c"],
                    Command: [Script(settings)],
                    Environment: new SortedDictionary<string, string>(StringComparer.Ordinal),
                    Networks: [Layout.BackendNetwork],
                    Secrets: [.. new[] { SuperuserSecret, AppSecret, MonitorSecret, BackupSecret }.Select(s => new SecretMount(s, s))],
                    Volumes: [],
                    Placement: [Layout.Constraint("db")],
                    TimeoutSeconds: 300,
                    // PgBouncer logs in as the app role, the exporter and the backup as theirs; the migrate job waits
                    // for PgBouncer, so it too runs only once the roles exist.
                    Gates: [Layout.PgBouncerService, .. layout.MonitoringHost is null ? Array.Empty<string>() : [Layout.PostgresExporterService], .. settings.Backups.Enabled ? [Layout.BackupService] : Array.Empty<string>()],
                    After: [Layout.PostgresService]),
            ],
        };
    }

    /// <summary>
    /// The job's shell script: psql as the superuser runs <see cref="Sql"/> with the three passwords as psql variables.
    /// Every value is an environment default the tests override.
    /// </summary>
    public static string Script(Settings.StackSettings settings) => $$"""
        set -eu
        : "${PGHOST:={{Layout.PostgresService}}}" "${PGPORT:={{PostgresRuntime.DefaultPort.ToString(CultureInfo.InvariantCulture)}}}"
        : "${PGDATABASE:={{settings.Postgres.Database}}}" "${PGUSER:={{settings.Postgres.User}}}"
        : "${PGPASSWORD_FILE:={{AppContract.Secrets.PathOf(SuperuserSecret)}}}"
        : "${APP_PASSWORD_FILE:={{AppContract.Secrets.PathOf(AppSecret)}}}"
        : "${MONITOR_PASSWORD_FILE:={{AppContract.Secrets.PathOf(MonitorSecret)}}}"
        : "${BACKUP_PASSWORD_FILE:={{AppContract.Secrets.PathOf(BackupSecret)}}}"
        PGPASSWORD=$(cat "$PGPASSWORD_FILE")
        export PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD
        psql -X -q -v ON_ERROR_STOP=1 -v app_password="$(cat "$APP_PASSWORD_FILE")" \
          -v monitor_password="$(cat "$MONITOR_PASSWORD_FILE")" -v backup_password="$(cat "$BACKUP_PASSWORD_FILE")" <<'SQL'
        {{Sql(settings)}}
        SQL
        echo "postgres-roles: {{App}}, {{Monitor}}, {{Backup}} in place"
        """;

    /// <summary>
    /// The idempotent SQL (psql syntax: <c>\gexec</c>, <c>:'variable'</c>): creates the roles that are missing, sets
    /// every attribute and password each run, and hands the app every object in its schema the superuser still owns (tables,
    /// views, sequences, functions and types)
    /// (a stack deployed before these roles ran its migrations as the superuser).
    /// </summary>
    public static string Sql(Settings.StackSettings settings)
    {
        var database = Ident(settings.Postgres.Database);
        var replication = settings.Backups.Enabled && settings.Backups.PointInTimeRecovery ? "REPLICATION" : "NOREPLICATION";
        var limit = ServiceConnectionLimit.ToString(CultureInfo.InvariantCulture);
        return $$"""
            SELECT format('CREATE ROLE %I', r) FROM unnest(ARRAY['{{App}}', '{{Monitor}}', '{{Backup}}']) AS r
              WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) \gexec
            ALTER ROLE {{App}} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD :'app_password';
            ALTER ROLE {{Monitor}} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT CONNECTION LIMIT {{limit}} PASSWORD :'monitor_password';
            ALTER ROLE {{Backup}} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE {{replication}} NOBYPASSRLS INHERIT CONNECTION LIMIT {{limit}} PASSWORD :'backup_password';
            GRANT pg_monitor TO {{Monitor}};
            GRANT pg_read_all_data TO {{Backup}};
            REVOKE CONNECT, TEMPORARY ON DATABASE postgres, template1 FROM PUBLIC;
            REVOKE ALL ON DATABASE {{database}} FROM PUBLIC;
            GRANT CONNECT, TEMPORARY ON DATABASE {{database}} TO {{App}};
            GRANT CONNECT ON DATABASE {{database}} TO {{Monitor}}, {{Backup}};
            ALTER SCHEMA public OWNER TO {{App}};
            DO $roles$
            DECLARE o record;
            BEGIN
              FOR o IN
                SELECT c.oid::regclass AS name,
                       CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS kind
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND c.relowner <> '{{App}}'::regrole
                  -- identity and serial sequences follow their table
                  AND NOT (c.relkind = 'S' AND EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
              LOOP
                EXECUTE format('ALTER %s %s OWNER TO {{App}}', o.kind, o.name);
              END LOOP;
              FOR o IN
                SELECT p.oid::regprocedure AS name, CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END AS kind
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'public' AND p.proowner <> '{{App}}'::regrole
                  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
              LOOP
                EXECUTE format('ALTER %s %s OWNER TO {{App}}', o.kind, o.name);
              END LOOP;
              -- enums, domains, ranges and standalone composites (a table's row type and array types follow their owner)
              FOR o IN
                SELECT t.oid::regtype AS name, CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END AS kind
                FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                LEFT JOIN pg_class c ON c.oid = t.typrelid
                WHERE n.nspname = 'public' AND t.typowner <> '{{App}}'::regrole
                  AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND c.relkind = 'c'))
                  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
              LOOP
                EXECUTE format('ALTER %s %s OWNER TO {{App}}', o.kind, o.name);
              END LOOP;
            END
            $roles$;
            """;
    }

    private static string Ident(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
