using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Hosts;

public sealed class BootstrapScriptTests
{
    private static Plan Prod => Planner.Build(Repository.Stack("prod"));

    private static Plan Staging => Planner.Build(Repository.Stack("staging"));

    [Fact]
    public void EncryptedOverlaysGetEspFromEveryOtherNodeAndFromNoOneElse()
    {
        var plan = Prod;
        Assert.All(plan.Networks, n => Assert.True(n.Encrypted, $"network {n.Name} is not encrypted in prod"));

        foreach (var host in plan.Hosts)
        {
            var esp = plan.FirewallRules.Where(r => r.Host == host.Name && r.Protocol == "esp").ToList();
            var peers = plan.Hosts.Where(h => h != host).Select(h => h.Address).Order(StringComparer.Ordinal);
            Assert.True(esp.Count == 1 && esp[0].Port is null && esp[0].Sources.Order(StringComparer.Ordinal).SequenceEqual(peers),
                $"{host.Name}: ESP rules {string.Join("; ", esp)}; expected one from {string.Join(", ", peers)}");
            Assert.Contains($"allow proto esp from {peers.First()} to any comment '{esp[0].Purpose}'\n", plan.File(host.BootstrapScriptPath).Content, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ASingleHostOpensNeitherSwarmPortsNorEsp()
    {
        var plan = Staging;

        Assert.DoesNotContain(plan.FirewallRules, r => r.Protocol == "esp" || r.Port is 2377 or 7946 or 4789);
    }

    [Fact]
    public void TheBootstrapTurnsRootLoginAndPasswordsOff()
    {
        var script = Prod.File(Prod.Leader.BootstrapScriptPath).Content;

        Assert.Contains("PermitRootLogin no\n", BootstrapScript.SshdConfig + "\n", StringComparison.Ordinal);
        Assert.Contains("PasswordAuthentication no\n", BootstrapScript.SshdConfig, StringComparison.Ordinal);
        Assert.Contains("KbdInteractiveAuthentication no\n", BootstrapScript.SshdConfig, StringComparison.Ordinal);
        Assert.Contains("<<SSHD; then\n" + BootstrapScript.SshdConfig + "\nSSHD\n", script, StringComparison.Ordinal);
        Assert.DoesNotContain("prohibit-password", script, StringComparison.Ordinal);
    }

    [Fact]
    public void SshIsOpenOnlyToTheAdminRangesAndFail2BanWatchesIt()
    {
        var plan = Prod;
        var script = plan.File(plan.Leader.BootstrapScriptPath).Content;

        Assert.Contains("allow proto tcp from 198.51.100.0/24 to any port 22 comment 'ssh'\n", script, StringComparison.Ordinal);
        Assert.DoesNotContain("from any to any port 22 ", script, StringComparison.Ordinal);
        Assert.Contains($"[sshd]\nenabled = true\nbackend = systemd\nport = 22\nmaxretry = {BootstrapScript.Fail2BanMaxRetry}\n", script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("docker-repo", "install_missing docker-ce docker-ce-cli containerd.io", "docker.io")]
    [InlineData("distribution", " docker.io\n", "download.docker.com")]
    [InlineData("preinstalled", "infra:hosts.dockerSource is 'preinstalled', but this host has no docker", "download.docker.com")]
    public void WhereDockerComesFromIsASetting(string source, string present, string absent)
    {
        var plan = Planner.Build(Repository.Stack("staging").With("hosts.dockerSource", source));
        var script = plan.File(plan.Leader.BootstrapScriptPath).Content;

        Assert.Contains(present, script, StringComparison.Ordinal);
        Assert.DoesNotContain(absent, script, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatAContainerCannotDoIsDetectedNotSwitchedOff()
    {
        var script = Staging.File(Staging.Leader.BootstrapScriptPath).Content;

        Assert.Contains("skipped \"swap\" \"/ is $(stat -f -c %T /), which cannot hold a swap file\"", script, StringComparison.Ordinal);
        Assert.Contains("skipped \"sysctl $key\"", script, StringComparison.Ordinal);
        Assert.Contains("skipped \"hostname\" \"systemd-hostnamed cannot set it here", script, StringComparison.Ordinal);
        Assert.DoesNotContain("sysctl --system", script, StringComparison.Ordinal);
        Assert.DoesNotContain("ufw --force reset\nufw default", script, StringComparison.Ordinal);
    }
}
