#!/usr/bin/env bash
# Rendered by Infra for host node-1 of stack staging. Idempotent: safe to run again.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

readonly HOST_NAME='node-1'
readonly DEPLOY_USER='deploy'
readonly SSH_PORT=22
readonly SWAP_MB=4096

log() { printf '[%s %s] %s\n' 'bootstrap' "$(hostname)" "$*" >&2; }
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
install_missing ca-certificates curl gnupg ufw chrony unattended-upgrades iptables fail2ban python3-systemd

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
vm.swappiness = 10
vm.overcommit_memory = 1
net.core.somaxconn = 4096
net.ipv4.tcp_max_syn_backlog = 4096
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
SSHD
  sshd -t
  systemctl reload ssh 2>/dev/null || systemctl reload sshd
fi

log "firewall: ufw"
mkdir -p /etc/infra
firewall_changed=0
put_file /etc/infra/ufw.rules 0644 <<'UFW' && firewall_changed=1
default deny incoming
default allow outgoing
allow proto tcp from any to any port 22 comment 'ssh'
allow proto tcp from 173.245.48.0/20 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 103.21.244.0/22 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 103.22.200.0/22 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 103.31.4.0/22 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 141.101.64.0/18 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 108.162.192.0/18 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 190.93.240.0/20 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 188.114.96.0/20 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 197.234.240.0/22 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 198.41.128.0/17 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 162.158.0.0/15 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 104.16.0.0/13 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 104.24.0.0/14 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 172.64.0.0/13 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 131.0.72.0/22 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 2400:cb00::/32 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 2606:4700::/32 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 2803:f800::/32 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 2405:b500::/32 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 2405:8100::/32 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 2a06:98c0::/29 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 2c0f:f248::/32 to any port 80 comment 'http (redirects to https)'
allow proto tcp from 173.245.48.0/20 to any port 443 comment 'https'
allow proto tcp from 103.21.244.0/22 to any port 443 comment 'https'
allow proto tcp from 103.22.200.0/22 to any port 443 comment 'https'
allow proto tcp from 103.31.4.0/22 to any port 443 comment 'https'
allow proto tcp from 141.101.64.0/18 to any port 443 comment 'https'
allow proto tcp from 108.162.192.0/18 to any port 443 comment 'https'
allow proto tcp from 190.93.240.0/20 to any port 443 comment 'https'
allow proto tcp from 188.114.96.0/20 to any port 443 comment 'https'
allow proto tcp from 197.234.240.0/22 to any port 443 comment 'https'
allow proto tcp from 198.41.128.0/17 to any port 443 comment 'https'
allow proto tcp from 162.158.0.0/15 to any port 443 comment 'https'
allow proto tcp from 104.16.0.0/13 to any port 443 comment 'https'
allow proto tcp from 104.24.0.0/14 to any port 443 comment 'https'
allow proto tcp from 172.64.0.0/13 to any port 443 comment 'https'
allow proto tcp from 131.0.72.0/22 to any port 443 comment 'https'
allow proto tcp from 2400:cb00::/32 to any port 443 comment 'https'
allow proto tcp from 2606:4700::/32 to any port 443 comment 'https'
allow proto tcp from 2803:f800::/32 to any port 443 comment 'https'
allow proto tcp from 2405:b500::/32 to any port 443 comment 'https'
allow proto tcp from 2405:8100::/32 to any port 443 comment 'https'
allow proto tcp from 2a06:98c0::/29 to any port 443 comment 'https'
allow proto tcp from 2c0f:f248::/32 to any port 443 comment 'https'
UFW
if [[ $firewall_changed -eq 1 ]] || ! ufw status | grep -qx 'Status: active'; then
  ufw --force reset >/dev/null
  while read -r rule; do
    eval "ufw $rule" >/dev/null
  done </etc/infra/ufw.rules
  ufw --force enable >/dev/null
  changed "ufw rules applied"
fi

log "firewall: fail2ban bans a source after 5 failed SSH logins"
if put_file /etc/fail2ban/jail.d/infra.local 0644 <<'JAIL'; then
[sshd]
enabled = true
backend = systemd
port = 22
maxretry = 5
findtime = 10m
bantime = 1h
JAIL
  systemctl restart fail2ban
fi
if ! systemctl is-active --quiet fail2ban; then
  systemctl enable --now fail2ban
  changed "fail2ban started"
fi

log "published ports: DOCKER-USER filter"
filter_changed=0
put_file /usr/local/sbin/infra-docker-user 0755 <<'RULES' && filter_changed=1
#!/bin/sh
# Only the listed sources may reach ports Docker publishes; rendered by Infra.
set -e
families=iptables
if ip6tables -S >/dev/null 2>&1; then families="iptables ip6tables"; fi
for ipt in $families; do
  $ipt -N DOCKER-USER 2>/dev/null || true
  $ipt -F DOCKER-USER
  $ipt -A DOCKER-USER -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN
done
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 173.245.48.0/20 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 103.21.244.0/22 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 103.22.200.0/22 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 103.31.4.0/22 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 141.101.64.0/18 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 108.162.192.0/18 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 190.93.240.0/20 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 188.114.96.0/20 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 197.234.240.0/22 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 198.41.128.0/17 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 162.158.0.0/15 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 104.16.0.0/13 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 104.24.0.0/14 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 172.64.0.0/13 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 131.0.72.0/22 -j RETURN
ip6tables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 2400:cb00::/32 -j RETURN
ip6tables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 2606:4700::/32 -j RETURN
ip6tables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 2803:f800::/32 -j RETURN
ip6tables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 2405:b500::/32 -j RETURN
ip6tables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 2405:8100::/32 -j RETURN
ip6tables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 2a06:98c0::/29 -j RETURN
ip6tables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -s 2c0f:f248::/32 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 173.245.48.0/20 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 103.21.244.0/22 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 103.22.200.0/22 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 103.31.4.0/22 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 141.101.64.0/18 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 108.162.192.0/18 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 190.93.240.0/20 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 188.114.96.0/20 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 197.234.240.0/22 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 198.41.128.0/17 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 162.158.0.0/15 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 104.16.0.0/13 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 104.24.0.0/14 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 172.64.0.0/13 -j RETURN
iptables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 131.0.72.0/22 -j RETURN
ip6tables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 2400:cb00::/32 -j RETURN
ip6tables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 2606:4700::/32 -j RETURN
ip6tables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 2803:f800::/32 -j RETURN
ip6tables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 2405:b500::/32 -j RETURN
ip6tables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 2405:8100::/32 -j RETURN
ip6tables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 2a06:98c0::/29 -j RETURN
ip6tables -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -s 2c0f:f248::/32 -j RETURN
for ipt in $families; do $ipt -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -j DROP; done
for ipt in $families; do $ipt -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -j DROP; done
for ipt in $families; do $ipt -A DOCKER-USER -j RETURN; done
RULES
put_file /etc/systemd/system/infra-docker-user.service 0644 <<'UNIT' && filter_changed=1
[Unit]
Description=Infra: filter ports published by Docker
After=docker.service
BindsTo=docker.service

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/infra-docker-user
RemainAfterExit=yes

[Install]
WantedBy=docker.service
UNIT
if [[ $filter_changed -eq 1 ]]; then
  systemctl daemon-reload
  systemctl enable --quiet infra-docker-user.service
  systemctl restart infra-docker-user.service
elif ! systemctl is-active --quiet infra-docker-user.service; then
  systemctl start infra-docker-user.service
  changed "DOCKER-USER filter started"
fi

finish
