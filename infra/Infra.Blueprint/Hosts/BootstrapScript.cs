using System.Globalization;
using System.Text;
using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Hosts;

/// <summary>
/// Renders the bash script that prepares one host: Docker, swap, time sync, unattended security
/// upgrades, SSH hardening and the firewall. Idempotent: every step checks before it changes, so the
/// provisioner re-runs it whenever its text changes. Targets Debian 12 and Ubuntu 22.04/24.04.
/// </summary>
public static class BootstrapScript
{
    /// <summary>Renders the script of <paramref name="host"/>.</summary>
    public static string Render(Plan plan, PlannedHost host)
    {
        var rules = plan.FirewallRules.Where(r => r.Host == host.Name).ToList();
        var s = new StringBuilder();
        s.Append($$"""
            #!/usr/bin/env bash
            # Rendered by Infra for host {{host.Name}} of stack {{plan.Stack}}. Idempotent: safe to run again.
            set -euo pipefail
            export DEBIAN_FRONTEND=noninteractive

            readonly HOST_NAME='{{host.Name}}'
            readonly SSH_PORT={{host.SshPort.ToString(CultureInfo.InvariantCulture)}}
            readonly SWAP_MB={{host.SwapMb.ToString(CultureInfo.InvariantCulture)}}
            readonly DOCKER_KEY_FINGERPRINT='9DC858229FC7DD38854AE2D88D81803C0EBFCD88'

            log() { printf '[bootstrap %s] %s\n' "$HOST_NAME" "$*"; }

            if [[ $(id -u) -ne 0 ]]; then
              echo "bootstrap must run as root (the provisioner runs it through sudo)" >&2
              exit 1
            fi

            log "hostname"
            if [[ $(hostname) != "$HOST_NAME" ]]; then
              hostnamectl set-hostname "$HOST_NAME"
            fi

            log "base packages"
            apt-get update -q
            apt-get install -y -q ca-certificates curl gnupg ufw chrony unattended-upgrades iptables

            log "docker engine from Docker's signed apt repository"
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
            fi
            echo "deb [arch=$(dpkg --print-architecture) signed-by=/etc/apt/keyrings/docker.gpg] https://download.docker.com/linux/${ID} ${VERSION_CODENAME} stable" > /etc/apt/sources.list.d/docker.list
            apt-get update -q
            apt-get install -y -q docker-ce docker-ce-cli containerd.io

            log "docker daemon: bounded logs"
            mkdir -p /etc/docker
            cat > /etc/docker/daemon.json.new <<'JSON'
            {
              "log-driver": "json-file",
              "log-opts": { "max-size": "10m", "max-file": "5" },
              "live-restore": false
            }
            JSON
            if ! cmp -s /etc/docker/daemon.json.new /etc/docker/daemon.json; then
              mv /etc/docker/daemon.json.new /etc/docker/daemon.json
              systemctl restart docker
            else
              rm /etc/docker/daemon.json.new
            fi
            systemctl enable --now docker

            log "swap"
            if [[ ! -f /swapfile ]]; then
              fallocate -l "${SWAP_MB}M" /swapfile
              chmod 600 /swapfile
              mkswap /swapfile
            fi
            swapon --show=NAME --noheadings | grep -qx /swapfile || swapon /swapfile
            grep -q '^/swapfile ' /etc/fstab || echo '/swapfile none swap sw 0 0' >> /etc/fstab

            log "kernel settings"
            cat > /etc/sysctl.d/60-infra.conf <<'SYSCTL'
            vm.swappiness = 10
            vm.overcommit_memory = 1
            net.core.somaxconn = 4096
            net.ipv4.tcp_max_syn_backlog = 4096
            SYSCTL
            sysctl --quiet --system

            log "time sync"
            systemctl enable --now chrony

            log "unattended security upgrades"
            cat > /etc/apt/apt.conf.d/20auto-upgrades <<'APT'
            APT::Periodic::Update-Package-Lists "1";
            APT::Periodic::Unattended-Upgrade "1";
            APT
            systemctl enable --now unattended-upgrades

            log "ssh hardening"
            cat > /etc/ssh/sshd_config.d/10-infra.conf <<SSHD
            Port ${SSH_PORT}
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            MaxAuthTries 3
            X11Forwarding no
            SSHD
            sshd -t
            systemctl reload ssh || systemctl reload sshd

            log "firewall"
            ufw --force reset >/dev/null
            ufw default deny incoming
            ufw default allow outgoing

            """);

        foreach (var rule in rules)
        {
            var port = rule.Port.ToString(CultureInfo.InvariantCulture);
            if (rule.Sources.Count == 0)
            {
                s.Append($"ufw allow {port}/{rule.Protocol} comment '{rule.Purpose}'\n");
            }
            else
            {
                foreach (var source in rule.Sources)
                {
                    s.Append($"ufw allow from {source} to any port {port} proto {rule.Protocol} comment '{rule.Purpose}'\n");
                }
            }
        }

        s.Append("ufw --force enable\n\n");
        AppendDockerUserChain(s, rules.Where(r => r.Port is 80 or 443).ToList());
        s.Append("log \"done\"\n");
        return s.ToString();
    }

    // Docker publishes ports through its own iptables chains, ahead of ufw; the DOCKER-USER chain is
    // where Docker lets an admin filter them. A oneshot unit re-applies the rules whenever Docker starts.
    private static void AppendDockerUserChain(StringBuilder s, IReadOnlyList<FirewallRule> webRules)
    {
        var restricted = webRules.Where(r => r.Sources.Count > 0).ToList();
        s.Append("log \"published ports: DOCKER-USER filter\"\n");
        s.Append("cat > /usr/local/sbin/infra-docker-user <<'RULES'\n");
        s.Append("#!/bin/sh\n");
        s.Append("# Only the listed sources may reach ports Docker publishes; rendered by Infra.\n");
        s.Append("set -e\n");
        s.Append("for ipt in iptables ip6tables; do\n");
        s.Append("  $ipt -N DOCKER-USER 2>/dev/null || true\n");
        s.Append("  $ipt -F DOCKER-USER\n");
        s.Append("  $ipt -A DOCKER-USER -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN\n");
        s.Append("done\n");
        foreach (var rule in restricted)
        {
            foreach (var source in rule.Sources)
            {
                var ipt = source.Contains(':') ? "ip6tables" : "iptables";
                s.Append(CultureInfo.InvariantCulture, $"{ipt} -A DOCKER-USER -p {rule.Protocol} -m conntrack --ctorigdstport {rule.Port} -s {source} -j RETURN\n");
            }
        }

        foreach (var rule in restricted)
        {
            s.Append("for ipt in iptables ip6tables; do\n");
            s.Append(CultureInfo.InvariantCulture, $"  $ipt -A DOCKER-USER -p {rule.Protocol} -m conntrack --ctorigdstport {rule.Port} -j DROP\n");
            s.Append("done\n");
        }

        s.Append("for ipt in iptables ip6tables; do\n");
        s.Append("  $ipt -A DOCKER-USER -j RETURN\n");
        s.Append("done\n");
        s.Append("RULES\n");
        s.Append("chmod 755 /usr/local/sbin/infra-docker-user\n");
        s.Append("cat > /etc/systemd/system/infra-docker-user.service <<'UNIT'\n");
        s.Append("[Unit]\nDescription=Infra: filter ports published by Docker\nAfter=docker.service\nBindsTo=docker.service\n\n");
        s.Append("[Service]\nType=oneshot\nExecStart=/usr/local/sbin/infra-docker-user\nRemainAfterExit=yes\n\n");
        s.Append("[Install]\nWantedBy=docker.service\nUNIT\n");
        s.Append("systemctl daemon-reload\n");
        s.Append("systemctl enable infra-docker-user.service\n");
        s.Append("systemctl restart infra-docker-user.service\n\n");
    }
}
