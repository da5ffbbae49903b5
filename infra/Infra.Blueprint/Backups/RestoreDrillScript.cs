using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Backups;

/// <summary>
/// Renders <c>restore-drill.sh</c>, run by the backup service's cron after the backup. It proves the latest
/// backup restores: <c>restic check</c> (structure, and a random share of the data read back), restore of the
/// latest dump, a scratch Postgres started from nothing, <c>pg_restore</c> into it, every table's row count
/// compared with the counts recorded at backup time, and the Redis snapshot's header. Any difference fails the
/// drill loudly (exit 1, every problem on stderr) and sets <see cref="BackupMetrics.DrillLastStatus"/> to 0.
/// The scratch Postgres listens on a private Unix socket only and is removed afterwards.
/// </summary>
public static class RestoreDrillScript
{
    /// <summary>Renders the script.</summary>
    public static string Render(StackSettings settings, BackupRuntime runtime)
    {
        return $$"""
            #!/usr/bin/env bash
            # Rendered by Infra: restore the latest backup into a scratch Postgres and check it (docs/data.md).
            # Usage: restore-drill.sh [snapshot-id]     (default: the latest dump snapshot of this stack)
            set -Eeuo pipefail
            umask 077

            {{ResticEnvironment.Defaults(settings, runtime)}}
            # The scratch server runs as this user (Postgres refuses root); su-exec is in the Postgres image.
            : "${DRILL_USER:=postgres}" "${DRILL_PORT:=55432}"
            : "${DRILL_RUN_AS:=su-exec $DRILL_USER}"
            # Share of the repository's data restic reads back and verifies on every drill.
            : "${DRILL_READ_DATA_SUBSET:=5%}"
            export RESTIC_REPOSITORY RESTIC_PASSWORD_FILE AWS_DEFAULT_REGION

            readonly snapshot_arg=${1:-latest}
            started=$(date +%s)
            readonly started
            read -r -a run_as <<<"$DRILL_RUN_AS"
            step=starting
            scratch=
            pgdata=

            log() { printf '%s restore-drill: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }

            restic_() { "$RESTIC_BIN" --quiet "$@"; }

            previous() {
              local value=
              [[ -f $METRICS_DIR/{{BackupMetrics.DrillFile}} ]] && value=$(sed -n "s/^$1 //p" "$METRICS_DIR/{{BackupMetrics.DrillFile}}")
              printf '%s' "${value:-0}"
            }

            write_metrics() {
              local status=$1 success=$2 duration=$3
              mkdir -p "$METRICS_DIR"
              cat >"$METRICS_DIR/.{{BackupMetrics.DrillFile}}.tmp" <<METRICS
            # HELP {{BackupMetrics.DrillLastSuccessTimestamp}} Unix time of the last restore drill that passed.
            # TYPE {{BackupMetrics.DrillLastSuccessTimestamp}} gauge
            {{BackupMetrics.DrillLastSuccessTimestamp}} $success
            # HELP {{BackupMetrics.DrillLastStatus}} 1 if the last restore drill passed, 0 if it failed.
            # TYPE {{BackupMetrics.DrillLastStatus}} gauge
            {{BackupMetrics.DrillLastStatus}} $status
            # HELP {{BackupMetrics.DrillLastDuration}} Seconds the last restore drill took.
            # TYPE {{BackupMetrics.DrillLastDuration}} gauge
            {{BackupMetrics.DrillLastDuration}} $duration
            METRICS
              chmod 644 "$METRICS_DIR/.{{BackupMetrics.DrillFile}}.tmp"
              mv "$METRICS_DIR/.{{BackupMetrics.DrillFile}}.tmp" "$METRICS_DIR/{{BackupMetrics.DrillFile}}"
            }

            finish() {
              local code=$? now
              now=$(date +%s)
              if [[ -n $pgdata && -f $pgdata/postmaster.pid ]]; then
                "${run_as[@]}" pg_ctl --pgdata="$pgdata" --mode=immediate --silent stop >/dev/null 2>&1 || true
              fi
              [[ -z $scratch ]] || rm -rf "$scratch"
              if [[ $code -eq 0 ]]; then
                write_metrics 1 "$now" "$((now - started))"
                log "PASSED in $((now - started))s"
              else
                write_metrics 0 "$(previous {{BackupMetrics.DrillLastSuccessTimestamp}})" "$((now - started))"
                log "FAILED while $step (exit $code): the backup cannot be trusted until this is fixed"
              fi
            }
            trap finish EXIT

            {{ResticEnvironment.Credentials}}

            step="checking the repository (restic check)"
            restic_ check --read-data-subset="$DRILL_READ_DATA_SUBSET"

            step="finding the snapshot"
            if [[ $snapshot_arg == latest ]]; then
              snapshot=$(restic_ snapshots --host "$BACKUP_HOST" --tag {{BackupScript.DumpTag}} --latest 1 --json | grep -o '"id":"[0-9a-f]*"' | tail -n 1 | cut -d'"' -f4)
            else
              snapshot=$snapshot_arg
            fi
            [[ -n $snapshot ]] || { log "no dump snapshot of host $BACKUP_HOST in $RESTIC_REPOSITORY"; exit 1; }
            log "restoring snapshot ${snapshot:0:8}"

            mkdir -p "$BACKUP_WORK_DIR"
            scratch=$(mktemp -d "$BACKUP_WORK_DIR/drill.XXXXXX")
            step="restoring snapshot ${snapshot:0:8}"
            restic_ restore "$snapshot" --target "$scratch/restore"
            manifest=$(find "$scratch/restore" -name manifest.env -print -quit)
            [[ -n $manifest ]] || { log "the snapshot has no manifest.env: not a dump made by backup.sh"; exit 1; }
            stage=$(dirname "$manifest")
            database=$(sed -n 's/^database=//p' "$manifest")
            log "backup of '$database' taken at $(sed -n 's/^created_at=//p' "$manifest")"

            step="starting a scratch Postgres"
            pgdata=$scratch/pgdata
            mkdir -p "$pgdata" "$scratch/socket"
            chown "$DRILL_USER" "$pgdata" "$scratch/socket"
            # The scratch server's user must reach its directories (search permission only, no listing).
            chmod go+x "$BACKUP_WORK_DIR" "$scratch"
            "${run_as[@]}" initdb --pgdata="$pgdata" --username=postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
            "${run_as[@]}" pg_ctl --pgdata="$pgdata" --wait --timeout=300 --silent --log="$pgdata/drill.log" \
              -o "-c listen_addresses='' -c unix_socket_directories='$scratch/socket' -p $DRILL_PORT -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_wal_size=4GB -c maintenance_work_mem=256MB" start
            scratch_psql() { psql -X -q -A -t -v ON_ERROR_STOP=1 --host="$scratch/socket" --port="$DRILL_PORT" --username=postgres "$@"; }
            scratch_psql --dbname=postgres -c "CREATE DATABASE \"$database\""

            step="restoring the dump (pg_restore)"
            pg_restore --exit-on-error --no-owner --no-privileges --jobs=2 --host="$scratch/socket" --port="$DRILL_PORT" --username=postgres --dbname="$database" "$stage/db.dump"

            step="comparing row counts"
            scratch_psql --dbname="$database" >"$scratch/restored.tsv" <<<"{{BackupScript.CountTablesQuery}}"
            problems=$(awk -F '\t' '
              NR == FNR { expected[$1] = $2; next }
              { restored[$1] = $2 }
              END {
                for (t in expected) {
                  if (!(t in restored)) print "missing table " t " (" expected[t] " rows at backup time)"
                  else if (restored[t] != expected[t]) print "table " t ": " restored[t] " rows restored, " expected[t] " at backup time"
                }
                for (t in restored) if (!(t in expected)) print "unexpected table " t " (not counted at backup time)"
              }' "$stage/counts.tsv" "$scratch/restored.tsv" | sort)
            if [[ -n $problems ]]; then
              printf '%s\n' "$problems" | while IFS= read -r problem; do log "MISMATCH: $problem"; done
              exit 1
            fi
            tables=$(wc -l <"$stage/counts.tsv")
            [[ $tables -gt 0 ]] || log "warning: the database had no tables at backup time"
            log "row counts match in all $tables tables"

            step="checking the Redis snapshot"
            [[ -f $stage/redis.rdb && $(head -c 5 "$stage/redis.rdb") == REDIS ]] || { log "the Redis snapshot is missing or not an RDB file"; exit 1; }

            """;
    }
}
