using System.Globalization;
using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Hosts;

// The firewall part of the bootstrap: ufw for what reaches the host, fail2ban for SSH, and the DOCKER-USER chain for
// what Docker publishes. Each is applied only when its rendered rules differ from what the host already has.
public static partial class BootstrapScript
{
    /// <summary>Failed SSH logins from one source within <see cref="Fail2BanFindTime"/> before it is banned.</summary>
    public const int Fail2BanMaxRetry = 5;

    /// <summary>The window fail2ban counts failed logins in.</summary>
    public const string Fail2BanFindTime = "10m";

    /// <summary>How long a banned source stays banned.</summary>
    public const string Fail2BanBanTime = "1h";

    /// <summary>The ufw rules (one <c>ufw</c> command line each, without <c>ufw</c>) that put <paramref name="rules"/> in place; inbound is denied otherwise.</summary>
    public static IReadOnlyList<string> UfwRules(IEnumerable<FirewallRule> rules) =>
    [
        "default deny incoming",
        "default allow outgoing",
        .. rules.SelectMany(rule => (rule.Sources.Count == 0 ? ["any"] : rule.Sources).Select(source => rule.Port is { } port
            ? string.Create(CultureInfo.InvariantCulture, $"allow proto {rule.Protocol} from {source} to any port {port} comment '{rule.Purpose}'")
            : $"allow proto {rule.Protocol} from {source} to any comment '{rule.Purpose}'")),
    ];

    private static string Firewall(IReadOnlyList<FirewallRule> rules)
    {
        var ssh = rules.Single(r => r.Guarded);
        return $$"""
            log "firewall: ufw"
            mkdir -p /etc/infra
            firewall_changed=0
            put_file /etc/infra/ufw.rules 0644 <<'UFW' && firewall_changed=1
            {{string.Join('\n', UfwRules(rules))}}
            UFW
            if [[ $firewall_changed -eq 1 ]] || ! ufw status | grep -qx 'Status: active'; then
              ufw --force reset >/dev/null
              while read -r rule; do
                eval "ufw $rule" >/dev/null
              done </etc/infra/ufw.rules
              ufw --force enable >/dev/null
              changed "ufw rules applied"
            fi

            log "firewall: fail2ban bans a source after {{Fail2BanMaxRetry}} failed SSH logins"
            if put_file /etc/fail2ban/jail.d/infra.local 0644 <<'JAIL'; then
            [sshd]
            enabled = true
            backend = systemd
            port = {{ssh.Port}}
            maxretry = {{Fail2BanMaxRetry}}
            findtime = {{Fail2BanFindTime}}
            bantime = {{Fail2BanBanTime}}
            JAIL
              systemctl restart fail2ban
            fi
            if ! systemctl is-active --quiet fail2ban; then
              systemctl enable --now fail2ban
              changed "fail2ban started"
            fi

            {{DockerUserChain(rules.Where(r => r.Port is 80 or 443).ToList())}}
            """;
    }

    // Docker publishes ports through its own iptables chains, ahead of ufw; the DOCKER-USER chain is where Docker lets
    // an admin filter them. A oneshot unit re-applies the rules whenever Docker starts.
    private static string DockerUserChain(IReadOnlyList<FirewallRule> webRules)
    {
        var restricted = webRules.Where(r => r.Sources.Count > 0).ToList();
        var allows = restricted.SelectMany(rule => rule.Sources.Select(source => string.Create(CultureInfo.InvariantCulture,
            $"{(source.Contains(':') ? "ip6tables" : "iptables")} -A DOCKER-USER -p {rule.Protocol} -m conntrack --ctorigdstport {rule.Port} -s {source} -j RETURN")));
        var drops = restricted.Select(rule => string.Create(CultureInfo.InvariantCulture,
            $"for ipt in $families; do $ipt -A DOCKER-USER -p {rule.Protocol} -m conntrack --ctorigdstport {rule.Port} -j DROP; done"));
        return $$"""
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
            {{string.Join('\n', allows.Concat(drops))}}
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
            """;
    }
}
