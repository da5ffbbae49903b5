using Infra.Blueprint.Edge;
using Infra.TestKit;

namespace Infra.Rendered.Tests.Edge;

public sealed class NginxConfigDaemonTests
{
    /// <summary>Each stack, and the variants its settings switch, as nginx itself reads them.</summary>
    public static TheoryData<string, string, string?> Variants => new()
    {
        { "staging", "", null },
        { "prod", "", null },
        { "prod", "edge.maintenance", "true" },
        { "prod", "edge.cloudflareOnly", "false" },
        { "prod", "edge.hstsPreload", "false" },
        { "prod", "app.replicas", "12" },
        { "staging", "app.replicas", "1" },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void NginxAcceptsTheRenderedConfig(string stack, string key, string? value)
    {
        var nginx = Tools.Require("nginx", "nginx-light");
        var config = Repository.Stack(stack);
        if (key.Length > 0)
        {
            config = config.With(key, value);
        }

        var settings = config.ToSettings(checkSecrets: false);
        using var dir = new TempDirectory("nginx-t");
        var upstreams = Enumerable.Range(0, settings.App.Replicas).Select(i => 18080 + i).ToList();
        var runtime = LoopbackEdge.Runtime(settings, dir, upstreams, Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort());
        var path = dir.Write("nginx.conf", NginxConfig.Render(settings, runtime));

        var result = Tools.Run(nginx, ["-t", "-q", "-c", path, "-p", dir.Path, "-e", dir.File("error.log")]);

        Assert.True(result.ExitCode == 0, $"nginx -t refused the {stack} config ({key}={value}):\n{result.Output}");
        // A warning is a config this nginx reads differently from what was meant (a deprecated form, an ignored directive).
        var warnings = (result.Output + (File.Exists(dir.File("error.log")) ? File.ReadAllText(dir.File("error.log")) : "")).Split('\n').Where(l => l.Contains("[warn]", StringComparison.Ordinal)).ToList();
        Assert.True(warnings.Count == 0, $"nginx {LoopbackEdge.NginxVersion} warned about the {stack} config ({key}={value}):\n{string.Join('\n', warnings)}");
    }
}
