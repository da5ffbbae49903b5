using System.Diagnostics;
using Infra.Blueprint.Hosts;

namespace Infra.Blueprint.Tests.Hosts;

public sealed class SwarmScriptsTests
{
    [Fact]
    public void EnvironmentTravelsInsideTheScriptAndSurvivesQuotesWhenBashRunsIt()
    {
        var script = SwarmScripts.WithEnvironment(
            "printf '%s|%s' \"$JOIN_TOKEN\" \"$ADVERTISE_ADDR\"\n",
            new Dictionary<string, string> { ["JOIN_TOKEN"] = "SWMTKN-1-it's $(not run) `either`", ["ADVERTISE_ADDR"] = "203.0.113.10" });

        var bash = Process.Start(new ProcessStartInfo("bash", "-s") { RedirectStandardInput = true, RedirectStandardOutput = true })!;
        bash.StandardInput.Write(script);
        bash.StandardInput.Close();
        var output = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();

        Assert.Equal("SWMTKN-1-it's $(not run) `either`|203.0.113.10", output);
    }

    [Fact]
    public void EnvironmentIsExportedInNameOrderSoTheTextIsStable()
    {
        var script = SwarmScripts.WithEnvironment("true\n", new Dictionary<string, string> { ["B"] = "2", ["A"] = "1" });

        Assert.Equal("export A='1'\nexport B='2'\ntrue\n", script);
    }

    [Fact]
    public void InitPrintsTheWorkerTokenThenTheManagerToken()
    {
        var tokens = SwarmScripts.ParseJoinTokens("SWMTKN-1-worker\nSWMTKN-1-manager\n");

        Assert.Equal(("SWMTKN-1-worker", "SWMTKN-1-manager"), (tokens.Worker, tokens.Manager));
        Assert.Equal("SWMTKN-1-manager", tokens.For(manager: true));
        Assert.DoesNotContain("SWMTKN", tokens.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void UnexpectedInitOutputFailsWithoutEchoingIt()
    {
        var error = Assert.Throws<FormatException>(() => SwarmScripts.ParseJoinTokens("SWMTKN-1-secret\n"));

        Assert.DoesNotContain("SWMTKN", error.Message, StringComparison.Ordinal);
    }
}
