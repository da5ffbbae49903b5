using Infra.App.Tests.Fixtures;
using Infra.Contract;

namespace Infra.App.Tests.Settings;

[Collection(PlatformCollection.Name)]
public sealed class AppOptionsTests(Platform platform)
{
    [Fact]
    public async Task InvalidSettingsStopStartUpNamingEveryVariableAtOnce()
    {
        var environment = platform.Environment("unused");
        environment[AppContract.Env.Port] = "70000";
        environment[AppContract.Env.PostgresHost] = null;
        environment[AppContract.Env.PostgresPasswordFile] = "/nonexistent/postgres_password";
        environment[AppContract.Env.CorsOrigins] = "https://ok.example.com, not-an-origin";
        environment[AppContract.Env.DrainSeconds] = "-1";

        var (exitCode, output) = await ChildProcess.RunAsync("dotnet", [AppProcess.DllPath], AppProcess.Environment(environment), TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        Assert.Contains($"Configuration error: {AppContract.Env.Port} must be a TCP port between 1 and 65535.", output);
        Assert.Contains($"Configuration error: {AppContract.Env.PostgresHost} is not set", output);
        Assert.Contains($"Configuration error: {AppContract.Env.PostgresPasswordFile}: cannot read '/nonexistent/postgres_password'", output);
        Assert.Contains($"Configuration error: {AppContract.Env.CorsOrigins}: 'not-an-origin' is not an origin", output);
        Assert.Contains($"Configuration error: {AppContract.Env.DrainSeconds} must be", output);
    }

    [Fact]
    public async Task APortInUseStopsStartUpWithOneLineNamingThePortNotATrace()
    {
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;
        var environment = platform.Environment("unused");
        environment[AppContract.Env.Port] = taken.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exitCode, output) = await ChildProcess.RunAsync("dotnet", [AppProcess.DllPath], AppProcess.Environment(environment), TimeSpan.FromSeconds(30));

        Assert.True(exitCode == 1, $"expected exit 1, got {exitCode}:\n{output}");
        Assert.Contains($"Start-up error: Failed to bind to address http://127.0.0.1:{taken}: address already in use; another process holds that port", output);
        // The host's own failure stays in the JSON log (with its exception, for the log pipeline); the rest is this one line.
        Assert.Single(output.Split('\n'), line => line.Length > 0 && !line.StartsWith('{'));
    }

    [Fact]
    public async Task ANonNumericPortStopsStartUpNamingTheVariable()
    {
        var environment = platform.Environment("unused");
        environment[AppContract.Env.RedisPort] = "six-three-seven-nine";

        var (exitCode, output) = await ChildProcess.RunAsync("dotnet", [AppProcess.DllPath], AppProcess.Environment(environment), TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        Assert.Contains($"'{AppContract.Env.RedisPort}'", output);
    }

    [Fact]
    public async Task ASigningKeyShorterThan32BytesIsRefused()
    {
        var shortKey = Path.GetTempFileName();
        await File.WriteAllTextAsync(shortKey, "too-short\n");
        try
        {
            var environment = platform.Environment("unused");
            environment[AppContract.Env.SigningKeyFile] = shortKey;

            var (exitCode, output) = await ChildProcess.RunAsync("dotnet", [AppProcess.DllPath], AppProcess.Environment(environment), TimeSpan.FromSeconds(30));

            Assert.Equal(2, exitCode);
            Assert.Contains($"{AppContract.Env.SigningKeyFile}: '{shortKey}' holds 9 bytes, fewer than the 32 required", output);
        }
        finally
        {
            File.Delete(shortKey);
        }
    }
}
