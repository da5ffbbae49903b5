using Infra.App.Tests.Fixtures;
using Infra.Contract;

namespace Infra.App.Tests.Health;

[Collection(PlatformCollection.Name)]
public sealed class HealthCheckCommandTests(Platform platform)
{
    [Fact]
    public async Task TheVerbExitsZeroWhileTheAppIsLiveAndOneWhenNothingAnswers()
    {
        var database = await platform.NewMigratedDatabaseAsync();
        var environment = platform.Environment(database);
        await using (var app = AppProcess.Start(environment))
        {
            await app.WaitForReadyAsync();

            var live = await ChildProcess.RunAsync("dotnet", [AppProcess.DllPath, AppContract.Commands.HealthCheck], AppProcess.Environment(environment));

            Assert.True(live.ExitCode == 0, live.Output);
        }

        var gone = await ChildProcess.RunAsync("dotnet", [AppProcess.DllPath, AppContract.Commands.HealthCheck], AppProcess.Environment(environment));
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains(AppContract.Paths.Live, gone.Output);
    }

    [Fact]
    public async Task ThePlatformsHealthcheckProbesReadinessSoAnUnmigratedReplicaNeverReplacesAHealthyOne()
    {
        var unmigrated = await platform.Postgres.CreateDatabaseAsync();
        var environment = platform.Environment(unmigrated);
        var rendered = AppContract.Healthcheck(AppContract.DefaultHealthcheck, AppContract.Port, AppContract.Paths.Ready);
        Assert.Equal(["CMD", "dotnet", "Infra.App.dll", AppContract.Commands.HealthCheck, AppContract.Paths.Ready], rendered);
        await using var app = AppProcess.Start(environment);
        await app.WaitForReadyAsync(status: "unhealthy");

        var ready = await ChildProcess.RunAsync("dotnet", [AppProcess.DllPath, .. rendered.Skip(3)], AppProcess.Environment(environment));
        var live = await ChildProcess.RunAsync("dotnet", [AppProcess.DllPath, AppContract.Commands.HealthCheck, AppContract.Paths.Live], AppProcess.Environment(environment));

        Assert.True(ready.ExitCode == 1, $"readiness healthcheck passed on an unmigrated database: {ready.Output}");
        Assert.True(live.ExitCode == 0, live.Output);
    }
}
