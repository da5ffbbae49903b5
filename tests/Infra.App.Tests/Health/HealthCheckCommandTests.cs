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
}
