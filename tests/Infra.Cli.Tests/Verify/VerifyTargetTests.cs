using System.Net;
using Infra.Blueprint.Edge;
using Infra.Cli.Verify;
using Infra.TestKit;

namespace Infra.Cli.Tests.Verify;

public sealed class VerifyTargetTests
{
    [Fact]
    public void ResolveTakesHostAndAddressLikeCurl()
    {
        var errors = new List<string>();

        var pins = VerifyTarget.ParseResolve(["app.example.com:203.0.113.10", "grafana.example.com:443:203.0.113.11", "v6.example.com:[2001:db8::1]"], errors);

        Assert.Empty(errors);
        Assert.Equal(IPAddress.Parse("203.0.113.10"), pins["app.example.com"]);
        Assert.Equal(IPAddress.Parse("203.0.113.11"), pins["grafana.example.com"]);
        Assert.Equal(IPAddress.Parse("2001:db8::1"), pins["v6.example.com"]);
    }

    [Fact]
    public void AStackTargetExpectsTheHeaderValuesTheEdgeRendersForIt()
    {
        var prod = Repository.Stack("prod").ToSettings(checkSecrets: false);

        var target = VerifyTarget.ForStack(prod, null, null, new Dictionary<string, IPAddress>(), null);

        Assert.Equal(new Uri($"https://{prod.Domain}"), target.Url);
        Assert.Equal(prod.Monitoring.GrafanaHostname, target.GrafanaHost);
        Assert.Equal(EdgeRuntime.PublicHttpPort, target.HttpPort);
        var hsts = target.ExpectedHeaders.Single(h => h.Key == "Strict-Transport-Security").Value;
        Assert.Equal($"max-age={prod.Edge.HstsMaxAgeSeconds}; includeSubDomains; preload", hsts);
        Assert.Contains($"add_header Strict-Transport-Security \"{hsts}\" always;", NginxConfig.Render(prod, EdgeRuntime.Swarm(Infra.Blueprint.Platform.Layout.Of(prod))));
    }
}
