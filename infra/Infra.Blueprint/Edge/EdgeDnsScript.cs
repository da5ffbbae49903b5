using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Edge;

/// <summary>
/// The scripts that take one edge host out of DNS before its nginx is replaced and put it back after
/// (<see cref="EdgeUpdateStepKind.Withdraw"/> with its <see cref="EdgeUpdateStepKind.Drain"/>, and
/// <see cref="EdgeUpdateStepKind.Restore"/>), through Cloudflare's DNS API with bash and curl. They run where
/// <c>pulumi up</c> runs, so the API token never reaches a server. Withdrawing renames each of the host's records to
/// <see cref="ParkedName"/> instead of deleting it, and restoring renames it back: the record keeps its id, so the
/// Pulumi <c>DnsRecord</c> that owns it is exactly true again once the host is restored (a deleted and re-created
/// record would have a new id, and the next <c>pulumi up</c> would fail on the old one). Both are idempotent; the
/// withdrawal refuses to take a name's last record away.
/// </summary>
public static class EdgeDnsScript
{
    /// <summary>The variable that carries the Cloudflare API token (<c>cloudflare:apiToken</c>), exported on standard input.</summary>
    public const string TokenVariable = "CLOUDFLARE_API_TOKEN";

    /// <summary>The variable that overrides the API's base URL (<see cref="Api"/>): the loopback proof points it at its stand-in.</summary>
    public const string ApiVariable = "CLOUDFLARE_API";

    /// <summary>Cloudflare's API, version 4.</summary>
    public const string Api = "https://api.cloudflare.com/client/v4";

    /// <summary>The variable that overrides the drain (<see cref="EdgeUpdate.DrainSeconds"/>): the loopback's rotation applies a change at once.</summary>
    public const string DrainVariable = "EDGE_DRAIN_SECONDS";

    /// <summary>The label a withdrawn record's name gets in front: a name no one serves, under the record's own (so inside the zone).</summary>
    public const string ParkedLabel = "withdrawn-by-infra";

    /// <summary>The name a record of <paramref name="name"/> has while its edge host is withdrawn.</summary>
    public static string ParkedName(string name) => $"{ParkedLabel}.{name}";

    /// <summary>Path of <paramref name="host"/>'s withdrawal script in <see cref="Plan.Files"/>.</summary>
    public static string WithdrawPath(string host) => $"edge/{host}/withdraw.sh";

    /// <summary>Path of <paramref name="host"/>'s restore script in <see cref="Plan.Files"/>.</summary>
    public static string RestorePath(string host) => $"edge/{host}/restore.sh";

    /// <summary>The records of <paramref name="host"/>: every public hostname's record with its address.</summary>
    public static IReadOnlyList<DnsRecordSpec> Records(Plan plan, string host)
    {
        var address = plan.Layout.EdgeHosts.Single(h => h.Name == host).Address;
        return [.. plan.DnsRecords.Where(r => r.Content == address)];
    }

    /// <summary>
    /// Both scripts of every edge host when there are several; none for a single edge host, which has no one to take
    /// its traffic (<see cref="EdgeUpdate.Steps(Layout)"/>).
    /// </summary>
    public static IEnumerable<RenderedFile> Files(Plan plan) =>
        plan.Layout.EdgeHosts.Count < 2
            ? []
            : plan.Layout.EdgeHosts.SelectMany(h => new RenderedFile[] { new(WithdrawPath(h.Name), Withdraw(plan, h.Name)), new(RestorePath(h.Name), Restore(plan, h.Name)) });

    /// <summary>Renames each of <paramref name="host"/>'s records to its parked name, then waits the drain.</summary>
    public static string Withdraw(Plan plan, string host) => Render(plan, host, "withdraw", $$"""
        readonly drain=${{{DrainVariable}}:-{{EdgeUpdate.DrainSeconds}}}

        # refuse_last NAME TYPE CONTENT: exits if the record is NAME's last address record. An A or an AAAA record of
        # another edge host both serve NAME (Cloudflare connects to the origin over either), so they count together.
        # Every record is checked before any is withdrawn: a refusal changes nothing.
        refuse_last() {
          local id all others
          id=$(record_ids "name=$1&type=$2&content=$3" | sed -n 1p)
          [[ -n "$id" ]] || return 0
          all=$(record_ids "name=$1&type=A"; record_ids "name=$1&type=AAAA")
          others=$(printf '%s\n' "$all" | grep -cvx -e "$id" -e '' || true)
          if [[ "$others" -eq 0 ]]; then
            echo "$1 has no address record (A or AAAA) but $3's: withdrawing it would take $1 offline; put the other edge hosts' records back first (pulumi up --refresh shows them)" >&2
            exit 1
          fi
        }

        # withdraw NAME TYPE CONTENT PROXIED TTL: the record leaves NAME (parked under another name, same id).
        withdraw() {
          local id
          id=$(record_ids "name=$1&type=$2&content=$3" | sed -n 1p)
          if [[ -z "$id" ]]; then
            log "$1 $2 $3 is not in DNS (already withdrawn)"
            return
          fi
          call PATCH "dns_records/$id" "$(body "$(parked "$1")" "$2" "$3" "$4" "$5")" >/dev/null
          changed "$1 $2 $3 withdrawn (now $(parked "$1"))"
        }

        {{Calls(plan, host, "refuse_last")}}
        {{Calls(plan, host, "withdraw")}}

        if [[ ${#changes[@]} -gt 0 ]]; then
          log "draining ${drain}s: Cloudflare stops opening connections to {{host}}, which finishes what it holds"
          sleep "$drain"
        fi
        finish
        """);

    /// <summary>Renames each of <paramref name="host"/>'s parked records back to its name.</summary>
    public static string Restore(Plan plan, string host) => Render(plan, host, "restore", $$"""
        # restore NAME TYPE CONTENT PROXIED TTL: the parked record serves NAME again.
        restore() {
          local id
          id=$(record_ids "name=$(parked "$1")&type=$2&content=$3" | sed -n 1p)
          if [[ -z "$id" ]]; then
            if [[ -n "$(record_ids "name=$1&type=$2&content=$3")" ]]; then
              log "$1 $2 $3 is in DNS (nothing to restore)"
              return
            fi
            echo "$1 $2 $3 is neither in DNS nor withdrawn: its record was removed behind Pulumi's back; run pulumi up --refresh to create it again" >&2
            exit 1
          fi
          call PATCH "dns_records/$id" "$(body "$1" "$2" "$3" "$4" "$5")" >/dev/null
          changed "$1 $2 $3 restored"
        }

        {{Calls(plan, host, "restore")}}

        finish
        """);

    private static string Calls(Plan plan, string host, string function) => string.Join('\n', Records(plan, host).Select(r =>
        string.Join(' ', function, Shell.Quote(r.Name), r.Type, Shell.Quote(r.Content), r.Proxied ? "true" : "false", r.Ttl.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    private static string Render(Plan plan, string host, string step, string body) => $$"""
        #!/usr/bin/env bash
        # Rendered by Infra: edge host {{host}}'s {{step}} step of an edge update (docs/edge.md), through Cloudflare's DNS API.
        # Runs where pulumi up runs; ${{{TokenVariable}}} comes exported on standard input.
        set -euo pipefail
        shopt -s inherit_errexit

        log() { printf '[edge-{{step}} %s] %s\n' {{Shell.Quote(host)}} "$*" >&2; }
        changes=()
        changed() { changes+=("$1"); log "changed: $1"; }
        finish() { if [[ ${#changes[@]} -eq 0 ]]; then log "nothing changed"; else log "${#changes[@]} change(s)"; fi; }

        : "${{{TokenVariable}}:?the Cloudflare API token is not set (pulumi config set --secret cloudflare:apiToken)}"
        readonly api=${{{ApiVariable}}:-{{Api}}}
        readonly zone={{Shell.Quote(plan.Settings.Cloudflare.ZoneId)}}

        # call METHOD PATH [BODY]: the API's JSON reply; exits unless it reports success. The token goes through a header
        # file on a pipe, never on a command line.
        call() {
          local reply
          reply=$(curl -sS --max-time 30 -X "$1" -H @<(printf 'Authorization: Bearer %s\n' "${{TokenVariable}}") \
            -H 'Content-Type: application/json' ${3:+--data "$3"} "$api/zones/$zone/$2") || { echo "cloudflare: $1 $2: no reply" >&2; exit 1; }
          if ! grep -Eq '"success": ?true' <<<"$reply"; then
            echo "cloudflare: $1 $2 failed: $reply" >&2
            exit 1
          fi
          printf '%s\n' "$reply"
        }

        # record_ids QUERY: the ids of the zone's records that match (name, type, content), one a line.
        record_ids() {
          local reply
          reply=$(call GET "dns_records?$1&per_page=100") || exit 1
          grep -o '"id": \{0,1\}"[0-9a-f]*"' <<<"$reply" | sed 's/.*"\([0-9a-f]*\)"$/\1/' || true
        }

        parked() { printf '{{ParkedLabel}}.%s' "$1"; }

        # body NAME TYPE CONTENT PROXIED TTL: a whole record, as Pulumi declares it, under NAME.
        body() { printf '{"name":"%s","type":"%s","content":"%s","proxied":%s,"ttl":%s}' "$@"; }

        {{body}}

        """;
}
