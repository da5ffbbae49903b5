using System.Globalization;

namespace Infra.Blueprint.Monitoring;

/// <summary>
/// Renders the TLS probe's script (POSIX sh, run by the probe service in a pinned image that ships the openssl CLI). Every
/// interval it reads the certificate each target serves with <c>openssl s_client</c>, as the target's clients meet it
/// (<c>-starttls postgres</c>: TLS after Postgres's SSLRequest, which the blackbox exporter's line-framed tcp prober
/// cannot send), and writes <see cref="TlsProbeMetrics"/> for node-exporter's textfile collector, via a temporary
/// file and <c>mv</c>, so the collector never reads half a file.
/// </summary>
public static class TlsProbeScript
{
    /// <summary>Renders the script.</summary>
    public static string Render(TlsProbeRuntime runtime)
    {
        var targets = string.Join("\n", runtime.Targets.Select(t => $"  probe '{t.Address}' '{t.ServerName}' '{t.StartTls}'"));
        var interval = runtime.IntervalSeconds.ToString(CultureInfo.InvariantCulture);
        var timeout = runtime.TimeoutSeconds.ToString(CultureInfo.InvariantCulture);
        return $$"""
            #!/bin/sh
            # Rendered by Infra: the TLS probe. Every {{interval}} s it reads the certificate each target serves, as the
            # target's clients meet it, and writes its expiry and whether it verifies against the internal CA into
            # node-exporter's textfile directory. Do not edit on the server.
            set -u
            dir='{{runtime.MetricsDirectory}}'
            ca='{{runtime.CaFile}}'

            # probe ADDRESS NAME [STARTTLS]: appends this target's lines to $success, $expiry and $last_run.
            probe() {
              address=$1 name=$2 starttls=${3:-}
              if [ -n "$starttls" ]; then set -- -starttls "$starttls"; else set --; fi
              out=$(timeout {{timeout}} openssl s_client -connect "$address" -servername "$name" "$@" \
                -CAfile "$ca" -verify_hostname "$name" </dev/null 2>&1)
              label="{{TlsProbeMetrics.Label}}=\"$address\""
              ok=0
              if end=$(printf '%s\n' "$out" | openssl x509 -noout -enddate 2>/dev/null) && at=$(date -u -d "${end#notAfter=}" +%s); then
                expiry="${expiry}{{TlsProbeMetrics.CertificateExpiry}}{$label} $at
            "
                if printf '%s\n' "$out" | grep -q 'Verify return code: 0 (ok)'; then ok=1; fi
              fi
              if [ "$ok" = 0 ]; then
                echo "tls-probe: $address ($name): $(printf '%s\n' "$out" | grep -E -m 3 -i 'error|verify return|connect' | tr '\n' ' ')" >&2
              fi
              success="${success}{{TlsProbeMetrics.Success}}{$label} $ok
            "
              last_run="${last_run}{{TlsProbeMetrics.LastRun}}{$label} $(date +%s)
            "
            }

            run() {
              success='' expiry='' last_run=''
            {{targets}}
              {
                echo '# HELP {{TlsProbeMetrics.Success}} 1 when the served certificate was read and verified against the internal CA for its name.'
                echo '# TYPE {{TlsProbeMetrics.Success}} gauge'
                printf '%s' "$success"
                echo '# HELP {{TlsProbeMetrics.CertificateExpiry}} notAfter of the served certificate (Unix time).'
                echo '# TYPE {{TlsProbeMetrics.CertificateExpiry}} gauge'
                printf '%s' "$expiry"
                echo '# HELP {{TlsProbeMetrics.LastRun}} When the probe last ran (Unix time).'
                echo '# TYPE {{TlsProbeMetrics.LastRun}} gauge'
                printf '%s' "$last_run"
              } >"$dir/.{{TlsProbeMetrics.File}}.tmp" && mv "$dir/.{{TlsProbeMetrics.File}}.tmp" "$dir/{{TlsProbeMetrics.File}}"
            }

            trap 'exit 0' TERM INT
            while :; do
              run
              sleep {{interval}} &
              wait $!
            done

            """;
    }
}
