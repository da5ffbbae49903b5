namespace Infra.App.Tests.Fixtures;

/// <summary>Prometheus's own linter for the text exposition format.</summary>
public static class Promtool
{
    private const string Binary = "/usr/bin/promtool";

    public static async Task CheckMetricsAsync(string exposition)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} not found. Install it: apt-get install -y prometheus");
        }

        await using var promtool = ChildProcess.Start(Binary, ["check", "metrics"]);
        var stdin = promtool.StandardInput;
        await stdin.WriteAsync(exposition);
        stdin.Close();
        var exitCode = await promtool.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, $"promtool check metrics failed ({exitCode}):\n{promtool.OutputText}\n--- exposition ---\n{exposition}");
    }
}
