using System.Globalization;
using Infra.Blueprint.Settings;
using Infra.Blueprint.Data;

namespace Infra.Blueprint.Backups;

/// <summary>
/// Renders <c>backup.sh</c>, run by the backup service's cron. One run:
/// <list type="number">
/// <item>opens a repeatable-read transaction, exports its snapshot and counts the rows of every table in it;</item>
/// <item><c>pg_dump</c> (custom format) of that same snapshot, so the counts describe exactly the dump;</item>
/// <item>with point-in-time recovery, ships the WAL archive and takes a base backup;</item>
/// <item>makes Redis write a fresh RDB snapshot (<c>BGSAVE</c>) and copies it;</item>
/// <item>uploads all of it with restic (encrypted with the restic password, deduplicated), applies the retention;</item>
/// <item>writes <see cref="BackupMetrics"/> for node-exporter's textfile collector, success or not.</item>
/// </list>
/// <c>backup.sh wal</c> only ships the WAL archive (every 5 minutes with point-in-time recovery).
/// Every path, address and credential file is an environment variable whose default is the Swarm layout, so
/// the tests run the same script against loopback daemons and a local repository.
/// </summary>
public static class BackupScript
{
    /// <summary>The restic tag of logical dumps (with their row counts and the Redis snapshot).</summary>
    public const string DumpTag = "dump";

    /// <summary>The restic tag of base backups (point-in-time recovery).</summary>
    public const string BaseTag = "base";

    /// <summary>The restic tag of WAL archive snapshots (point-in-time recovery).</summary>
    public const string WalTag = "wal";

    /// <summary>
    /// The query (for <c>psql</c>'s <c>\gexec</c>, on standard input) that prints <c>schema.table&lt;TAB&gt;rows</c> for
    /// every user table; the backup records it, the drill compares against it.
    /// </summary>
    public const string CountTablesQuery =
        "SELECT format('SELECT %L || chr(9) || count(*) FROM %I.%I;', n.nspname || '.' || c.relname, n.nspname, c.relname) "
        + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') "
        + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1 \\gexec";

    private static readonly BackupJobShell.MetricsFile Metrics = new(
        BackupMetrics.BackupFile,
        new(BackupMetrics.LastSuccessTimestamp, "Unix time of the last successful backup."),
        new(BackupMetrics.LastDuration, "Seconds the last successful backup took."),
        new(BackupMetrics.LastStatus, "1 if the last backup succeeded, 0 if it failed."));

    /// <summary>Renders the script.</summary>
    public static string Render(StackSettings settings, BackupRuntime runtime)
    {
        var b = settings.Backups;
        return $$"""
            #!/usr/bin/env bash
            # Rendered by Infra from infra:backups.* settings: back up Postgres and Redis to the restic repository.
            # Usage: backup.sh        full backup (dump + row counts, Redis snapshot{{(b.PointInTimeRecovery ? ", WAL and base backup" : "")}}), retention, metrics
            #        backup.sh wal    ship the WAL archive only (point-in-time recovery)
            # Restore: docs/runbooks/restore.md.
            set -Eeuo pipefail
            umask 077

            : "${PGHOST:={{runtime.PostgresHost}}}" "${PGPORT:={{runtime.PostgresPort}}}"
            : "${PGDATABASE:={{settings.Postgres.Database}}}" "${PGUSER:={{PostgresRoles.Backup}}}"
            : "${PGPASSWORD_FILE:={{runtime.PostgresPasswordFile}}}"
            : "${REDIS_HOST:={{runtime.RedisHost}}}" "${REDIS_PORT:={{runtime.RedisPort}}}"
            : "${REDIS_PASSWORD_FILE:={{runtime.RedisPasswordFile}}}" "${REDIS_DATA_DIR:={{runtime.RedisDataDirectory}}}"
            {{ResticEnvironment.Defaults(settings, runtime)}}
            : "${POINT_IN_TIME_RECOVERY:={{(b.PointInTimeRecovery ? "true" : "false")}}}" "${WAL_ARCHIVE_DIR:={{runtime.WalArchiveDirectory}}}"
            : "${KEEP_DAILY:={{b.KeepDaily.ToString(CultureInfo.InvariantCulture)}}}" "${KEEP_WEEKLY:={{b.KeepWeekly.ToString(CultureInfo.InvariantCulture)}}}" "${KEEP_MONTHLY:={{b.KeepMonthly.ToString(CultureInfo.InvariantCulture)}}}"
            export PGHOST PGPORT PGDATABASE PGUSER RESTIC_REPOSITORY RESTIC_PASSWORD_FILE AWS_DEFAULT_REGION

            readonly mode=${1:-full}
            started=$(date +%s)
            readonly started
            step=starting

            {{BackupJobShell.Helpers("backup[$mode]", Metrics)}}

            finish() {
              local code=$?
              [[ $mode == full ]] || { [[ $code -eq 0 ]] || log "FAILED while $step (exit $code)"; return; }
              if [[ $code -eq 0 ]]; then
                write_metrics 1 "$(date +%s)" "$(($(date +%s) - started))"
                log "done in $(($(date +%s) - started))s"
              else
                write_metrics 0 "$(previous {{BackupMetrics.LastSuccessTimestamp}})" "$(previous {{BackupMetrics.LastDuration}})"
                log "FAILED while $step (exit $code); the last good backup is still the latest in the repository"
              fi
            }
            trap finish EXIT

            {{ResticEnvironment.Credentials}}
            PGPASSWORD="$(read_secret "$PGPASSWORD_FILE")"
            export PGPASSWORD

            ensure_repository() {
              step="opening the repository"
              if ! restic_ cat config >/dev/null 2>&1; then
                log "initialising the repository $RESTIC_REPOSITORY"
                restic_ init
              fi
            }

            ship_wal() {
              step="shipping the WAL archive"
              restic_ backup --host "$BACKUP_HOST" --tag {{WalTag}} --exclude '*.tmp' "$WAL_ARCHIVE_DIR"
            }

            # Sends one command to Redis in its wire protocol over bash's /dev/tcp and prints the reply line;
            # the backup image needs no redis-cli.
            redis_call() {
              local arg reply
              printf '*%d\r\n' "$#" >&3
              for arg in "$@"; do printf '$%d\r\n%s\r\n' "${#arg}" "$arg" >&3; done
              IFS= read -r -t 30 reply <&3
              printf '%s' "${reply%$'\r'}"
            }

            snapshot_redis() {
              step="snapshotting Redis"
              local reply before now
              exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT"
              reply=$(redis_call AUTH "$(read_secret "$REDIS_PASSWORD_FILE")")
              [[ $reply == +OK ]] || { log "Redis refused AUTH: $reply"; return 1; }
              before=$(redis_call LASTSAVE)
              before=${before#:}
              # LASTSAVE has one-second resolution: start the save in a later second than the last one.
              while [[ $(date +%s) -le $before ]]; do sleep 0.2; done
              reply=$(redis_call BGSAVE)
              [[ $reply == +* || $reply == *"already in progress"* ]] || { log "BGSAVE failed: $reply"; return 1; }
              for _ in $(seq 1 600); do
                now=$(redis_call LASTSAVE)
                now=${now#:}
                [[ $now -gt $before ]] && break
                sleep 1
              done
              [[ $now -gt $before ]] || { log "Redis did not finish BGSAVE within 10 minutes"; return 1; }
              exec 3>&-
              cp "$REDIS_DATA_DIR/dump.rdb" "$stage/redis.rdb"
            }

            # Counts every table's rows in an exported snapshot, then dumps that same snapshot: the drill compares
            # what it restores against counts that describe exactly this dump.
            dump_postgres() {
              step="counting rows"
              local snapshot line
              coproc PSQL { psql -X -q -A -t -v ON_ERROR_STOP=1 2>&1; }
              printf '%s\n' 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;' 'SELECT pg_export_snapshot();' >&"${PSQL[1]}"
              IFS= read -r -t 60 snapshot <&"${PSQL[0]}" || true
              [[ $snapshot =~ ^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$ ]] || { log "could not export a snapshot: $snapshot"; return 1; }
              printf '%s\n' "$COUNT_TABLES" "SELECT 'end-of-counts';" >&"${PSQL[1]}"
              : >"$stage/counts.tsv"
              while IFS= read -r -t 3600 line <&"${PSQL[0]}"; do
                [[ $line == end-of-counts ]] && break
                [[ $line == *$'\t'* ]] || { log "counting rows failed: $line"; return 1; }
                printf '%s\n' "$line" >>"$stage/counts.tsv"
              done
              [[ $line == end-of-counts ]] || { log "counting rows did not finish"; return 1; }
              step="dumping Postgres"
              pg_dump --snapshot="$snapshot" --format=custom --compress=6 --file="$stage/db.dump"
              printf '%s\n' 'COMMIT;' '\q' >&"${PSQL[1]}"
              wait "$PSQL_PID" 2>/dev/null || true
              {
                printf 'created_at=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
                printf 'database=%s\n' "$PGDATABASE"
                printf 'server_version=%s\n' "$(psql -X -A -t -c 'SHOW server_version_num')"
                printf 'snapshot=%s\n' "$snapshot"
                printf 'tables=%s\n' "$(wc -l <"$stage/counts.tsv")"
              } >"$stage/manifest.env"
              log "dumped $PGDATABASE: $(wc -l <"$stage/counts.tsv") tables, $(du -h "$stage/db.dump" | cut -f1)"
            }

            base_backup() {
              step="taking a base backup"
              local base=$BACKUP_WORK_DIR/base
              rm -rf "$base"
              pg_basebackup --pgdata="$base" --format=tar --gzip --wal-method=stream --checkpoint=fast --label="infra-$started" --no-password
              restic_ backup --host "$BACKUP_HOST" --tag {{BaseTag}} "$base"
              rm -rf "$base"
              # Segments older than this base backup are offsite in earlier WAL snapshots; the archive keeps the rest.
              step="cleaning the WAL archive"
              local label
              label=$(find "$WAL_ARCHIVE_DIR" -maxdepth 1 -name '*.backup' -newer "$stage/manifest.env" -printf '%f\n' | sort | tail -n 1)
              [[ -z $label ]] || pg_archivecleanup "$WAL_ARCHIVE_DIR" "$label"
            }

            forget() {
              step="applying the retention"
              restic_ forget --host "$BACKUP_HOST" --tag {{DumpTag}} --group-by host,tags --keep-daily "$KEEP_DAILY" --keep-weekly "$KEEP_WEEKLY" --keep-monthly "$KEEP_MONTHLY"
              if [[ $POINT_IN_TIME_RECOVERY == true ]]; then
                restic_ forget --host "$BACKUP_HOST" --tag {{BaseTag}} --group-by host,tags --keep-daily "$KEEP_DAILY" --keep-weekly "$KEEP_WEEKLY" --keep-monthly "$KEEP_MONTHLY"
                restic_ forget --host "$BACKUP_HOST" --tag {{WalTag}} --group-by host,tags --keep-within "${KEEP_DAILY}d"
              fi
              restic_ prune
            }

            readonly COUNT_TABLES="{{CountTablesQuery}}"

            ensure_repository
            if [[ $mode == wal ]]; then
              [[ $POINT_IN_TIME_RECOVERY == true ]] || { log "point-in-time recovery is off; nothing to ship"; exit 0; }
              ship_wal
              exit 0
            fi
            [[ $mode == full ]] || { log "unknown mode '$mode'; use: backup.sh [wal]"; exit 2; }

            stage=$BACKUP_WORK_DIR/stage
            rm -rf "$stage"
            mkdir -p "$stage"
            dump_postgres
            snapshot_redis
            step="uploading the dump"
            restic_ backup --host "$BACKUP_HOST" --tag {{DumpTag}} "$stage"
            if [[ $POINT_IN_TIME_RECOVERY == true ]]; then
              ship_wal
              base_backup
            fi
            forget
            rm -rf "$stage"

            """;
    }
}
