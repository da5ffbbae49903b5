using Infra.Blueprint.Edge;
using Infra.Blueprint.Settings;
using Infra.TestKit;
using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Tests.Edge;

public sealed class NginxConfigTests
{
    private static string Render(Func<StackConfig, StackConfig>? edit = null)
    {
        var settings = (edit ?? (c => c))(Repository.Stack("prod")).ToSettings(checkSecrets: false);
        return Words(NginxConfig.Render(settings, EdgeRuntime.Swarm(Layout.Of(settings))));
    }

    // The directives with their layout folded: a check reads what nginx reads, not the indentation.
    private static string Words(string conf) => string.Join(' ', conf.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void TheUpstreamListsEveryReplicaByItsStableName()
    {
        var conf = Render(c => c.With("app.replicas", "3"));

        Assert.Contains("server app-1:8080 max_fails=2 fail_timeout=5s; server app-2:8080 max_fails=2 fail_timeout=5s; server app-3:8080 max_fails=2 fail_timeout=5s; keepalive 64;", conf);
        Assert.DoesNotContain("app-4", conf);
    }

    [Fact]
    public void MaintenanceServesA503WithRetryAfterInsteadOfTheApp()
    {
        var conf = Render(c => c.With("edge.maintenance", "true"));

        Assert.Contains("add_header Retry-After 600 always;", conf);
        Assert.Contains("return 503", conf);
        Assert.DoesNotContain("proxy_pass http://app;", conf);
    }

    [Fact]
    public void CloudflareOnlyRefusesOtherPeersAndCanBeTurnedOff()
    {
        Assert.Contains("geo $realip_remote_addr $cloudflare_peer", Render());
        Assert.Contains("if ($cloudflare_peer = 0) { return 444; }", Render());

        var open = Render(c => c.With("edge.cloudflareOnly", "false"));
        Assert.DoesNotContain("cloudflare_peer", open);
        Assert.Contains("real_ip_header CF-Connecting-IP;", open);
    }

    [Fact]
    public void OnlyTheTrustedProxiesMaySetTheClientAddressOrReachTheApp()
    {
        var settings = Repository.Stack("prod").ToSettings(checkSecrets: false);
        var conf = Words(NginxConfig.Render(settings, EdgeRuntime.Swarm(Layout.Of(settings)) with { TrustedProxies = ["127.0.0.2/32"] }));

        Assert.Contains("set_real_ip_from 127.0.0.2/32; real_ip_header CF-Connecting-IP;", conf);
        Assert.Contains("default 0; 127.0.0.2/32 1; }", conf);
        Assert.DoesNotContain(CloudflareRanges.All[0], conf);
        Assert.Contains($"set_real_ip_from {CloudflareRanges.All[0]};", Render());
    }

    [Theory]
    [InlineData("true", "max-age=63072000; includeSubDomains; preload")]
    [InlineData("false", "max-age=63072000; includeSubDomains\"")]
    public void HstsPreloadFollowsTheSetting(string preload, string expected) =>
        Assert.Contains(expected, Render(c => c.With("edge.hstsPreload", preload)));

    [Fact]
    public void MetricsAndHealthPathsAreRefusedInAnyCaseAndLivenessIsTheOnlyOneForwarded()
    {
        var conf = Render();
        Assert.Contains("location ~* ^(?:/metrics|/health)(?:/|$) { return 404; }", conf);
        Assert.Contains("location = /health/live {", conf);
        Assert.DoesNotContain("location = /metrics", conf);
    }

    [Fact]
    public void TheAppAndNginxShareOneBodyLimitAndNginxBuffersTheBody()
    {
        var settings = Repository.Stack("prod").With("edge.clientMaxBodyMb", "3").ToSettings(checkSecrets: false);
        var conf = Words(NginxConfig.Render(settings, EdgeRuntime.Swarm(Layout.Of(settings))));
        var replica = Planner.Build(Repository.Stack("prod").With("edge.clientMaxBodyMb", "3")).Services.First(s => s.Name == "app-1");

        Assert.Contains("client_max_body_size 3m;", conf);
        Assert.Contains("proxy_request_buffering on;", conf);
        Assert.Equal($"{3 * 1024 * 1024}", replica.Environment[Infra.Contract.AppContract.Env.MaxRequestBodyBytes]);
        Assert.Equal($"{settings.Edge.RateLimitPerSecond * 60 + settings.Edge.RateLimitBurst}", replica.Environment[Infra.Contract.AppContract.Env.RateLimitPerMinute]);
    }

    [Fact]
    public void WorkersMatchTheEdgeServicesCpuLimit()
    {
        var plan = Planner.Build(Repository.Stack("prod"));
        var edge = plan.Service(plan.Layout.EdgeServices.Values.First());
        Assert.Contains($"worker_processes {(int)Math.Ceiling(edge.Resources.LimitCpus)};", Render());
    }
}
