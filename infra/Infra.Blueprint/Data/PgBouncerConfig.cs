using System.Globalization;
using System.Text;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Data;

/// <summary>
/// Renders <c>pgbouncer.ini</c>: one database, transaction pooling, SCRAM for clients and for the server,
/// TLS for clients when the app sits on other hosts. In transaction mode a server connection returns to the
/// pool at every commit, so a few dozen Postgres backends serve thousands of app connections; the app must not
/// rely on session state (SET, advisory session locks, LISTEN) — migrations connect to Postgres directly.
/// </summary>
public static class PgBouncerConfig
{
    /// <summary>Renders the file.</summary>
    public static string Render(PostgresSettings postgres, PgBouncerRuntime runtime)
    {
        var s = new StringBuilder();
        void Set(string name, string value) => s.AppendLine(value.Length == 0 ? $"{name} =" : $"{name} = {value}");

        s.AppendLine("; Rendered by Infra from infra:postgres.* settings. Do not edit on the server.");
        s.AppendLine("[databases]");
        s.AppendLine(CultureInfo.InvariantCulture, $"{postgres.Database} = host={runtime.ServerHost} port={runtime.ServerPort} dbname={postgres.Database}");
        s.AppendLine();
        s.AppendLine("[pgbouncer]");
        Set("listen_addr", runtime.ListenAddress);
        Set("listen_port", runtime.Port.ToString(CultureInfo.InvariantCulture));
        Set("unix_socket_dir", "");
        if (runtime.PidFile.Length > 0)
        {
            Set("pidfile", runtime.PidFile);
        }

        Set("auth_type", "scram-sha-256");
        Set("auth_file", runtime.AuthFile);
        Set("pool_mode", "transaction");
        Set("max_client_conn", postgres.MaxClientConnections.ToString(CultureInfo.InvariantCulture));
        Set("default_pool_size", postgres.PoolSize.ToString(CultureInfo.InvariantCulture));
        Set("min_pool_size", Math.Min(5, postgres.PoolSize).ToString(CultureInfo.InvariantCulture));
        Set("reserve_pool_size", Reserve(postgres).ToString(CultureInfo.InvariantCulture));
        Set("reserve_pool_timeout", "3");
        // The pool and its reserve together are all the server connections the app can take.
        Set("max_db_connections", (postgres.PoolSize + Reserve(postgres)).ToString(CultureInfo.InvariantCulture));
        Set("server_reset_query", "DISCARD ALL");
        Set("server_check_delay", "10");
        Set("server_lifetime", "3600");
        Set("server_idle_timeout", "600");
        Set("query_wait_timeout", "30");
        Set("client_idle_timeout", "0");
        // JDBC and some ORMs send these at startup; they are harmless to ignore in transaction mode.
        Set("ignore_startup_parameters", "extra_float_digits,search_path");
        Set("log_connections", "0");
        Set("log_disconnections", "0");
        Set("log_pooler_errors", "1");
        Set("stats_period", "60");
        if (runtime.Tls)
        {
            Set("client_tls_sslmode", "require");
            Set("client_tls_cert_file", runtime.CertificateFile);
            Set("client_tls_key_file", runtime.KeyFile);
            Set("client_tls_protocols", "tlsv1.2,tlsv1.3");
        }
        else
        {
            Set("client_tls_sslmode", "disable");
        }

        // PgBouncer and Postgres share the db host and the encrypted overlay: no TLS on that hop.
        Set("server_tls_sslmode", "disable");
        return s.ToString();
    }

    /// <summary>Extra server connections allowed when a client waited <c>reserve_pool_timeout</c> seconds.</summary>
    public static int Reserve(PostgresSettings postgres) => Math.Max(1, postgres.PoolSize / 4);

    /// <summary>
    /// The userlist line (the secret's template): the app role, the only one that logs in through PgBouncer. The
    /// plain password lets PgBouncer log in to Postgres as that role with SCRAM too.
    /// </summary>
    public static string UserlistTemplate() => $"\"{PostgresRoles.App}\" \"{Platform.SecretSpec.ValuePlaceholder}\"\n";
}
