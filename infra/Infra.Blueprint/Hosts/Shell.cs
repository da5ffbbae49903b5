namespace Infra.Blueprint.Hosts;

/// <summary>Bash spelling of values rendered into scripts.</summary>
internal static class Shell
{
    /// <summary><paramref name="value"/> as one single-quoted bash word: nothing inside is expanded.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// Helpers every provisioning script starts with: <c>log</c>, <c>changed</c> and <c>skipped</c> report each step
    /// (a second run that finds nothing to do says so), <c>put_file</c> writes a file only when its content differs.
    /// </summary>
    public static string Preamble(string script) => $$"""
        log() { printf '[%s %s] %s\n' {{Quote(script)}} "$(hostname)" "$*" >&2; }
        changes=()
        changed() { changes+=("$1"); log "changed: $1"; }
        skipped() { log "skipped: $1 ($2)"; }
        # put_file PATH MODE: writes standard input to PATH unless it already holds exactly that; returns 1 when unchanged.
        put_file() {
          local path=$1 mode=$2 tmp
          tmp=$(mktemp "${path}.XXXXXX")
          cat >"$tmp"
          chmod "$mode" "$tmp"
          if [[ -f "$path" ]] && cmp -s "$tmp" "$path" && [[ $(stat -c %a "$path") == "${mode#0}" ]]; then
            rm -f "$tmp"
            return 1
          fi
          mv "$tmp" "$path"
          changed "$path"
        }
        finish() {
          if [[ ${#changes[@]} -eq 0 ]]; then
            log "nothing changed"
          else
            log "${#changes[@]} change(s): ${changes[*]}"
          fi
        }
        """;
}
