using System.Globalization;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Hosts;

/// <summary>
/// Renders the bash script that prepares one host: Docker, swap, kernel settings, time sync, unattended security
/// upgrades, SSH hardening and the firewall. It runs as root through the deploy user's <c>sudo -n bash -s</c>, after
/// <see cref="AccessScript"/> created that user. Idempotent: every step checks before it changes and reports what
/// it changed, skipped (with the reason: what a container cannot do) or, on a second run, that nothing changed.
/// Targets Debian 12 and Ubuntu 22.04/24.04.
/// </summary>
public static partial class BootstrapScript
{
    /// <summary>The packages every host gets, whatever the Docker source (fail2ban reads sshd's log from the journal).</summary>
    public static IReadOnlyList<string> BasePackages { get; } =
        ["ca-certificates", "curl", "gnupg", "ufw", "chrony", "unattended-upgrades", "iptables", "fail2ban", "python3-systemd"];

    /// <summary>The packages a host installs for <paramref name="source"/>, in one apt run with <see cref="BasePackages"/> where the source allows.</summary>
    public static IReadOnlyList<string> Packages(DockerSource source) =>
        source == DockerSource.Distribution ? [.. BasePackages, "docker.io"] : BasePackages;

    /// <summary>Renders the script of <paramref name="host"/>.</summary>
    public static string Render(Plan plan, PlannedHost host)
    {
        var rules = plan.FirewallRules.Where(r => r.Host == host.Name).ToList();
        return $$"""
            #!/usr/bin/env bash
            # Rendered by Infra for host {{host.Name}} of stack {{plan.Stack}}. Idempotent: safe to run again.
            set -euo pipefail
            export DEBIAN_FRONTEND=noninteractive

            readonly HOST_NAME={{Shell.Quote(host.Name)}}
            readonly DEPLOY_USER={{Shell.Quote(host.DeployUser)}}
            readonly SSH_PORT={{Int(host.SshPort)}}
            readonly SWAP_MB={{Int(host.SwapMb)}}

            {{Shell.Preamble("bootstrap")}}

            if [[ $(id -u) -ne 0 ]]; then
              echo "bootstrap must run as root (the provisioner runs it through sudo -n bash -s)" >&2
              exit 1
            fi

            log "hostname"
            if [[ $(hostname) != "$HOST_NAME" ]]; then
              if hostnamectl set-hostname "$HOST_NAME" 2>/dev/null; then
                changed "hostname $HOST_NAME"
              else
                skipped "hostname" "systemd-hostnamed cannot set it here; the host keeps '$(hostname)'"
              fi
            fi

            # install_missing PACKAGE...: installs the packages that are not installed yet, nothing else.
            install_missing() {
              local missing=() package
              for package in "$@"; do
                dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
              done
              if [[ ${#missing[@]} -gt 0 ]]; then
                [[ -n "${apt_updated:-}" ]] || { apt-get update -q; apt_updated=1; }
                apt-get install -y -q --no-install-recommends "${missing[@]}"
                changed "packages ${missing[*]}"
              fi
            }

            # Written before Docker is installed, so the daemon's first start reads it.
            log "docker daemon settings: bounded logs"
            mkdir -p /etc/docker
            docker_was_running=0
            systemctl is-active --quiet docker 2>/dev/null && docker_was_running=1
            daemon_json_changed=0
            put_file /etc/docker/daemon.json 0644 <<'JSON' && daemon_json_changed=1
            {
              "log-driver": "json-file",
              "log-opts": { "max-size": "10m", "max-file": "5" },
              "live-restore": false
            }
            JSON

            log "packages"
            install_missing {{string.Join(' ', Packages(plan.Settings.DockerSource))}}

            {{DockerEngine(plan.Settings.DockerSource)}}
            if [[ $daemon_json_changed -eq 1 && $docker_was_running -eq 1 ]]; then
              systemctl restart docker
            fi
            if ! systemctl is-enabled --quiet docker || ! systemctl is-active --quiet docker; then
              systemctl enable --now docker
              changed "docker service enabled and started"
            fi

            log "swap"
            if swapon --show=NAME --noheadings | grep -qx /swapfile; then
              :
            elif [[ $(stat -f -c %T /) =~ ^(overlayfs|tmpfs)$ ]]; then
              skipped "swap" "/ is $(stat -f -c %T /), which cannot hold a swap file"
            else
              if [[ ! -f /swapfile ]]; then
                fallocate -l "${SWAP_MB}M" /swapfile
                chmod 600 /swapfile
                mkswap /swapfile >/dev/null
              fi
              if swap_error=$(swapon /swapfile 2>&1); then
                changed "swap ${SWAP_MB} MiB"
                grep -q '^/swapfile ' /etc/fstab || echo '/swapfile none swap sw 0 0' >>/etc/fstab
              else
                skipped "swap" "swapon: $swap_error"
              fi
            fi

            log "kernel settings"
            put_file /etc/sysctl.d/60-infra.conf 0644 <<'SYSCTL' || true
            {{Sysctl}}
            SYSCTL
            while read -r key _ value; do
              [[ -n "$key" ]] || continue
              [[ $(sysctl -n "$key" 2>/dev/null) == "$value" ]] && continue
              if sysctl_error=$(sysctl -q -w "$key=$value" 2>&1); then
                changed "sysctl $key=$value"
              else
                skipped "sysctl $key" "${sysctl_error:-/proc/sys is read-only here}"
              fi
            done </etc/sysctl.d/60-infra.conf

            log "time sync"
            systemctl is-enabled --quiet chrony || { systemctl enable chrony; changed "chrony enabled"; }
            if ! systemctl is-active --quiet chrony; then
              systemctl start chrony || true
              if systemctl is-active --quiet chrony; then
                changed "chrony started"
              else
                skipped "time sync" "chronyd does not run here: $(systemctl show -p ConditionResult,Result --value chrony | tr '\n' ' ')(no CAP_SYS_TIME: a container shares the machine's clock)"
              fi
            fi

            log "unattended security upgrades"
            put_file /etc/apt/apt.conf.d/20auto-upgrades 0644 <<'APT' || true
            APT::Periodic::Update-Package-Lists "1";
            APT::Periodic::Unattended-Upgrade "1";
            APT
            if ! systemctl is-enabled --quiet unattended-upgrades || ! systemctl is-active --quiet unattended-upgrades; then
              systemctl enable --now unattended-upgrades
              changed "unattended-upgrades enabled"
            fi

            log "deploy user: docker access"
            if ! id -nG "$DEPLOY_USER" | tr ' ' '\n' | grep -qx docker; then
              usermod -aG docker "$DEPLOY_USER"
              changed "$DEPLOY_USER in group docker"
            fi

            log "ssh hardening: keys only, no root login"
            if put_file /etc/ssh/sshd_config.d/10-infra.conf 0644 <<SSHD; then
            {{SshdConfig}}
            SSHD
              sshd -t
              systemctl reload ssh 2>/dev/null || systemctl reload sshd
            fi

            {{Firewall(rules)}}

            finish

            """;
    }

    /// <summary>The sshd settings the bootstrap installs as <c>/etc/ssh/sshd_config.d/10-infra.conf</c> (first match wins in sshd, and 10- sorts before a provider's 50-cloud-init.conf).</summary>
    public const string SshdConfig = """
        Port ${SSH_PORT}
        PubkeyAuthentication yes
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        PermitRootLogin no
        PermitEmptyPasswords no
        MaxAuthTries 3
        LoginGraceTime 30
        X11Forwarding no
        AllowAgentForwarding no
        """;

    private const string Sysctl = """
        vm.swappiness = 10
        vm.overcommit_memory = 1
        net.core.somaxconn = 4096
        net.ipv4.tcp_max_syn_backlog = 4096
        """;

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string DockerEngine(DockerSource source) => source switch
    {
        DockerSource.DockerRepo => """
            log "docker engine from Docker's signed apt repository"
            readonly DOCKER_KEY_FINGERPRINT='9DC858229FC7DD38854AE2D88D81803C0EBFCD88'
            # shellcheck source=/dev/null
            . /etc/os-release
            install -m 0755 -d /etc/apt/keyrings
            if [[ ! -s /etc/apt/keyrings/docker.gpg ]]; then
              curl -fsSL "https://download.docker.com/linux/${ID}/gpg" | gpg --dearmor -o /etc/apt/keyrings/docker.gpg.new
              if ! gpg --show-keys --with-colons /etc/apt/keyrings/docker.gpg.new | grep -q "fpr:::::::::${DOCKER_KEY_FINGERPRINT}:"; then
                echo "Docker's signing key does not have the expected fingerprint ${DOCKER_KEY_FINGERPRINT}" >&2
                exit 1
              fi
              mv /etc/apt/keyrings/docker.gpg.new /etc/apt/keyrings/docker.gpg
              changed "docker signing key"
            fi
            put_file /etc/apt/sources.list.d/docker.list 0644 <<APT || true
            deb [arch=$(dpkg --print-architecture) signed-by=/etc/apt/keyrings/docker.gpg] https://download.docker.com/linux/${ID} ${VERSION_CODENAME} stable
            APT
            install_missing docker-ce docker-ce-cli containerd.io
            """,
        DockerSource.Distribution => """
            log "docker engine from the distribution: docker.io (installed with the packages above)"
            """,
        _ => """
            log "docker engine: preinstalled"
            if ! command -v docker >/dev/null || ! systemctl cat docker.service >/dev/null 2>&1; then
              echo "infra:hosts.dockerSource is 'preinstalled', but this host has no docker command or docker.service; install Docker or set docker-repo or distribution" >&2
              exit 1
            fi
            """,
    };
}
