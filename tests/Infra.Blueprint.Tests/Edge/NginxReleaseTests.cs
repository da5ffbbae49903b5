using System.Text.RegularExpressions;
using Infra.Blueprint.Edge;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Edge;

public sealed class NginxReleaseTests
{
    [Theory]
    [InlineData("1.25.0", false)]
    [InlineData("1.25.1", true)]
    [InlineData("1.22.1", false)]
    [InlineData("1.26.3", true)]
    [InlineData("1.27.3-alpine", true)]
    public void TheHttp2DirectiveStartsAt1251(string release, bool directive) =>
        Assert.Equal(directive, NginxRelease.HasHttp2Directive(NginxRelease.Parse(release)));

    [Fact]
    public void TheSwarmRendersForThePinnedImagesNginx()
    {
        Assert.Equal(new Version(1, 27, 3), NginxRelease.Pinned);
        Assert.Equal(NginxRelease.Parse(Images.Nginx.Tag), EdgeRuntime.Swarm(Layout.Of(Repository.Stack("staging").ToSettings(checkSecrets: false))).NginxVersion);
    }

    [Theory]
    [InlineData("1.25")]
    [InlineData("alpine")]
    [InlineData("1.25.x")]
    public void ATagWithoutAReleaseIsRefused(string tag) =>
        Assert.Contains($"'{tag}'", Assert.Throws<FormatException>(() => NginxRelease.Parse(tag)).Message);

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void EveryTlsServerSwitchesHttp2OnWithTheDirectiveNotTheListenParameter(string stack)
    {
        var plan = Planner.Build(Repository.Stack(stack));
        var conf = plan.File("configs/nginx.conf").Content;
        var servers = Servers(conf).Where(s => s.Contains("ssl_certificate ", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(servers);
        Assert.All(servers, s => Assert.True(s.Contains("\n        http2 on;\n", StringComparison.Ordinal), $"{stack} nginx.conf: this TLS server has no 'http2 on;':\n{s}"));
        Assert.DoesNotMatch(new Regex(@"listen [^;]*\bhttp2\b"), conf);
        Assert.All(Servers(conf).Where(s => !s.Contains("ssl_certificate ", StringComparison.Ordinal)), s => Assert.DoesNotContain("http2", s));
    }

    [Fact]
    public void BeforeTheDirectiveEveryTlsListenerCarriesTheHttp2Parameter()
    {
        var settings = Repository.Stack("prod").ToSettings(checkSecrets: false);
        var conf = NginxConfig.Render(settings, EdgeRuntime.Swarm(Layout.Of(settings)) with { NginxVersion = new Version(1, 25, 0) });

        Assert.DoesNotContain("http2 on;", conf);
        Assert.All(Regex.Matches(conf, @"listen [^;]*\bssl\b[^;]*;").Select(m => m.Value), l => Assert.Contains(" ssl http2", l));
    }

    // The top-level server blocks of the http block, each as its text.
    private static IEnumerable<string> Servers(string conf) =>
        Regex.Matches(conf, @"^    server \{\n.*?^    \}\n", RegexOptions.Multiline | RegexOptions.Singleline).Select(m => m.Value);
}
