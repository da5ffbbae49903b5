#!/usr/bin/env bash
# Rendered by Infra for host web-1 of stack prod. Idempotent: safe to run again.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

readonly HOST_NAME='web-1'
readonly SSH_PORT=22
readonly SWAP_MB=4096
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
ufw allow from 198.51.100.0/24 to any port 22 proto tcp comment 'ssh'
ufw allow from 173.245.48.0/20 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 103.21.244.0/22 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 103.22.200.0/22 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 103.31.4.0/22 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 141.101.64.0/18 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 108.162.192.0/18 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 190.93.240.0/20 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 188.114.96.0/20 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 197.234.240.0/22 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 198.41.128.0/17 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 162.158.0.0/15 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 104.16.0.0/13 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 104.24.0.0/14 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 172.64.0.0/13 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 131.0.72.0/22 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 2400:cb00::/32 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 2606:4700::/32 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 2803:f800::/32 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 2405:b500::/32 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 2405:8100::/32 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 2a06:98c0::/29 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 2c0f:f248::/32 to any port 80 proto tcp comment 'http (redirects to https)'
ufw allow from 173.245.48.0/20 to any port 443 proto tcp comment 'https'
ufw allow from 103.21.244.0/22 to any port 443 proto tcp comment 'https'
ufw allow from 103.22.200.0/22 to any port 443 proto tcp comment 'https'
ufw allow from 103.31.4.0/22 to any port 443 proto tcp comment 'https'
ufw allow from 141.101.64.0/18 to any port 443 proto tcp comment 'https'
ufw allow from 108.162.192.0/18 to any port 443 proto tcp comment 'https'
ufw allow from 190.93.240.0/20 to any port 443 proto tcp comment 'https'
ufw allow from 188.114.96.0/20 to any port 443 proto tcp comment 'https'
ufw allow from 197.234.240.0/22 to any port 443 proto tcp comment 'https'
ufw allow from 198.41.128.0/17 to any port 443 proto tcp comment 'https'
ufw allow from 162.158.0.0/15 to any port 443 proto tcp comment 'https'
ufw allow from 104.16.0.0/13 to any port 443 proto tcp comment 'https'
ufw allow from 104.24.0.0/14 to any port 443 proto tcp comment 'https'
ufw allow from 172.64.0.0/13 to any port 443 proto tcp comment 'https'
ufw allow from 131.0.72.0/22 to any port 443 proto tcp comment 'https'
ufw allow from 2400:cb00::/32 to any port 443 proto tcp comment 'https'
ufw allow from 2606:4700::/32 to any port 443 proto tcp comment 'https'
ufw allow from 2803:f800::/32 to any port 443 proto tcp comment 'https'
ufw allow from 2405:b500::/32 to any port 443 proto tcp comment 'https'
ufw allow from 2405:8100::/32 to any port 443 proto tcp comment 'https'
ufw allow from 2a06:98c0::/29 to any port 443 proto tcp comment 'https'
ufw allow from 2c0f:f248::/32 to any port 443 proto tcp comment 'https'
ufw allow from 203.0.113.22 to any port 2377 proto tcp comment 'swarm cluster management'
ufw allow from 203.0.113.23 to any port 2377 proto tcp comment 'swarm cluster management'
ufw allow from 203.0.113.31 to any port 2377 proto tcp comment 'swarm cluster management'
ufw allow from 203.0.113.41 to any port 2377 proto tcp comment 'swarm cluster management'
ufw allow from 203.0.113.22 to any port 7946 proto tcp comment 'swarm node gossip'
ufw allow from 203.0.113.23 to any port 7946 proto tcp comment 'swarm node gossip'
ufw allow from 203.0.113.31 to any port 7946 proto tcp comment 'swarm node gossip'
ufw allow from 203.0.113.41 to any port 7946 proto tcp comment 'swarm node gossip'
ufw allow from 203.0.113.22 to any port 7946 proto udp comment 'swarm node gossip'
ufw allow from 203.0.113.23 to any port 7946 proto udp comment 'swarm node gossip'
ufw allow from 203.0.113.31 to any port 7946 proto udp comment 'swarm node gossip'
ufw allow from 203.0.113.41 to any port 7946 proto udp comment 'swarm node gossip'
ufw allow from 203.0.113.22 to any port 4789 proto udp comment 'swarm overlay (vxlan)'
ufw allow from 203.0.113.23 to any port 4789 proto udp comment 'swarm overlay (vxlan)'
ufw allow from 203.0.113.31 to any port 4789 proto udp comment 'swarm overlay (vxlan)'
ufw allow from 203.0.113.41 to any port 4789 proto udp comment 'swarm overlay (vxlan)'
ufw --force enable

log "published ports: DOCKER-USER filter"
cat > /usr/local/sbin/infra-docker-user <<'RULES'
#!/bin/sh
# Only the listed sources may reach ports Docker publishes; rendered by Infra.
set -e
for ipt in iptables ip6tables; do
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
for ipt in iptables ip6tables; do
  $ipt -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 -j DROP
done
for ipt in iptables ip6tables; do
  $ipt -A DOCKER-USER -p tcp -m conntrack --ctorigdstport 443 -j DROP
done
for ipt in iptables ip6tables; do
  $ipt -A DOCKER-USER -j RETURN
done
RULES
chmod 755 /usr/local/sbin/infra-docker-user
cat > /etc/systemd/system/infra-docker-user.service <<'UNIT'
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
systemctl daemon-reload
systemctl enable infra-docker-user.service
systemctl restart infra-docker-user.service

log "done"
