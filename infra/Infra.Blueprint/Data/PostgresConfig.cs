using System.Globalization;
using System.Text;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Data;

/// <summary>
/// Renders <c>postgresql.conf</c> from the settings and the db host's size. Memory follows the usual
/// rules for a dedicated OLTP server on SSD storage, applied to Postgres's share of the host (half of it:
/// Redis, PgBouncer, the backup and the OS share the rest).
/// </summary>
public static class PostgresConfig
{
    /// <summary>Memory, in MiB, Postgres may use on the db host; also its container's limit.</summary>
    public static int MemoryBudgetMb(StackSettings settings) => Math.Max(256, DbHost(settings).MemoryMb / 2);

    /// <summary>Renders the file.</summary>
    public static string Render(StackSettings settings, PostgresRuntime runtime)
    {
        var pg = settings.Postgres;
        var host = DbHost(settings);
        var memory = MemoryBudgetMb(settings);
        var sharedBuffers = memory / 4;
        // Each connection may run a few sorts or hashes at once; keep the sum within what shared_buffers leaves.
        var workMem = Math.Max(4096, (memory - sharedBuffers) * 1024 / (pg.MaxConnections * 3));
        var maintenanceWorkMem = Math.Clamp(memory / 16, 64, 2048);
        var maxWalMb = Math.Clamp(memory * 2, 1024, 16384);
        var cpus = Math.Max(1, host.Cpus);

        var s = new StringBuilder();
        void Set(string name, string value) => s.AppendLine(CultureInfo.InvariantCulture, $"{name} = {value}");
        void Section(string title)
        {
            s.AppendLine();
            s.AppendLine(CultureInfo.InvariantCulture, $"# {title}");
        }

        s.AppendLine(CultureInfo.InvariantCulture, $"# Rendered by Infra from infra:postgres.* settings and the db host '{host.Name}' ({host.MemoryMb} MiB, {host.Cpus} CPUs). Do not edit on the server.");
        Section("connections");
        Set("listen_addresses", Quote(runtime.ListenAddresses));
        Set("port", runtime.Port.ToString(CultureInfo.InvariantCulture));
        Set("max_connections", pg.MaxConnections.ToString(CultureInfo.InvariantCulture));
        Set("superuser_reserved_connections", "3");
        Set("unix_socket_directories", Quote(runtime.SocketDirectory));
        Set("hba_file", Quote(runtime.HbaFile));
        Set("password_encryption", "scram-sha-256");
        Set("tcp_keepalives_idle", "60");
        // A client that opened a transaction and vanished holds locks and blocks vacuum.
        Set("idle_in_transaction_session_timeout", "'10min'");

        Section($"memory: {memory} MiB for Postgres");
        Set("shared_buffers", Mb(sharedBuffers));
        Set("effective_cache_size", Mb(memory * 3 / 4));
        Set("work_mem", $"'{workMem.ToString(CultureInfo.InvariantCulture)}kB'");
        Set("maintenance_work_mem", Mb(maintenanceWorkMem));
        Set("huge_pages", "try");

        Section("parallelism");
        Set("max_worker_processes", Math.Max(8, cpus).ToString(CultureInfo.InvariantCulture));
        Set("max_parallel_workers", cpus.ToString(CultureInfo.InvariantCulture));
        Set("max_parallel_workers_per_gather", Math.Clamp(cpus / 2, 1, 4).ToString(CultureInfo.InvariantCulture));
        Set("max_parallel_maintenance_workers", Math.Clamp(cpus / 2, 1, 4).ToString(CultureInfo.InvariantCulture));

        Section("storage: rented servers have SSDs");
        Set("random_page_cost", "1.1");
        Set("effective_io_concurrency", "200");

        Section("WAL and checkpoints");
        Set("wal_level", "replica");
        Set("wal_compression", "on");
        Set("wal_buffers", "'16MB'");
        Set("max_wal_size", Mb(maxWalMb));
        Set("min_wal_size", Mb(Math.Min(1024, maxWalMb / 4)));
        Set("checkpoint_timeout", "'15min'");
        Set("checkpoint_completion_target", "0.9");
        if (settings.Backups.Enabled && settings.Backups.PointInTimeRecovery)
        {
            // Segments land in a local directory first; the backup service ships them offsite every few minutes.
            // Never overwrite: a segment already archived with other content is a sign of two clusters sharing one archive.
            Set("archive_mode", "on");
            Set("archive_command", Quote($"test ! -f {runtime.WalArchiveDirectory}/%f && cp %p {runtime.WalArchiveDirectory}/%f.tmp && mv {runtime.WalArchiveDirectory}/%f.tmp {runtime.WalArchiveDirectory}/%f"));
            Set("archive_timeout", "'5min'");
        }
        else
        {
            Set("archive_mode", "off");
        }

        Section("logging: to stderr, collected with the container's logs");
        Set("log_destination", "'stderr'");
        Set("logging_collector", "off");
        Set("log_line_prefix", "'%m [%p] %q%u@%d from %h: '");
        Set("log_timezone", "'UTC'");
        Set("log_min_duration_statement", pg.SlowQueryMs == 0 ? "-1" : pg.SlowQueryMs.ToString(CultureInfo.InvariantCulture));
        Set("log_checkpoints", "on");
        Set("log_lock_waits", "on");
        Set("log_temp_files", "0");
        Set("log_autovacuum_min_duration", "'1s'");
        Set("log_connections", "off");
        Set("log_disconnections", "off");

        Section("statistics: pg_stat_statements for the slow-query dashboard");
        Set("shared_preload_libraries", "'pg_stat_statements'");
        Set("pg_stat_statements.track", "top");
        Set("track_io_timing", "on");

        Section("vacuum");
        Set("autovacuum", "on");
        Set("autovacuum_max_workers", "3");
        Set("autovacuum_vacuum_scale_factor", "0.05");
        Set("autovacuum_analyze_scale_factor", "0.02");

        Section("locale");
        Set("timezone", "'UTC'");
        Set("datestyle", "'iso, ymd'");
        Set("lc_messages", "'C'");
        return s.ToString();
    }

    private static HostSettings DbHost(StackSettings settings) => settings.HostsWith(HostRole.Db).Single();

    private static string Mb(int mb) => $"'{mb.ToString(CultureInfo.InvariantCulture)}MB'";

    private static string Quote(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
}
