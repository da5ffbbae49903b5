using System.Globalization;
using System.Net;
using System.Text.Json;
using Infra.Contract;

namespace Infra.TestKit;

/// <summary>The app's build output running as a real process on a loopback port, with the contract's environment.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private static readonly string[] InheritedPrefixes = ["APP_", "POSTGRES_", "REDIS_", "ASPNETCORE_", "DOTNET_ENVIRONMENT", "Logging__"];
    private readonly ChildProcess _process;
    private string? _workingDirectory;

    private AppProcess(ChildProcess process, int port, int metricsPort)
    {
        _process = process;
        Port = port;
        MetricsPort = metricsPort;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        MetricsClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    /// <summary>The port that serves only metrics (<see cref="AppContract.Env.MetricsPort"/>).</summary>
    public int MetricsPort { get; }

    public HttpClient Client { get; }

    /// <summary>A client for <see cref="MetricsPort"/>, as Prometheus scrapes it.</summary>
    public HttpClient MetricsClient { get; }

    public ChildProcess Process => _process;

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "Infra.App.dll");

    /// <summary>The process environment: the machine's, minus anything that would change the app's behaviour, plus <paramref name="environment"/>.</summary>
    public static Dictionary<string, string?> Environment(IReadOnlyDictionary<string, string?> environment)
    {
        var result = new Dictionary<string, string?>();
        foreach (var name in System.Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (InheritedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                result[name] = null;
            }
        }

        foreach (var (name, value) in environment)
        {
            result[name] = value;
        }

        return result;
    }

    public static AppProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var port = int.Parse(environment[AppContract.Env.Port]!, CultureInfo.InvariantCulture);
        var metricsPort = environment.TryGetValue(AppContract.Env.MetricsPort, out var m) && m is not null ? int.Parse(m, CultureInfo.InvariantCulture) : AppContract.MetricsPort;
        // An empty working directory, as in the image: the host watches its content root (the working directory) for
        // configuration changes, and every file written under it (a build, a test's logs) would cost the app CPU.
        var workingDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"infra-app-{Guid.NewGuid():N}")).FullName;
        return new AppProcess(ChildProcess.Start("dotnet", [DllPath, .. arguments], Environment(environment), workingDirectory), port, metricsPort) { _workingDirectory = workingDirectory };
    }

    /// <summary>Waits until readiness reports <paramref name="status"/> (healthy by default).</summary>
    public async Task WaitForReadyAsync(string status = "healthy", TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        string last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {_process.ExitCode} before it was ready:\n{_process.Tail()}");
            }

            try
            {
                var (code, report) = await ReadinessAsync();
                last = $"{(int)code} {report.GetProperty("status").GetString()}";
                if (report.GetProperty("status").GetString() == status)
                {
                    return;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Readiness never reported '{status}' (last: {last}). App output:\n{_process.Tail()}");
    }

    public async Task<(HttpStatusCode Status, JsonElement Report)> ReadinessAsync() => await GetJsonAsync(AppContract.Paths.Ready);

    public async Task<(HttpStatusCode Status, JsonElement Body)> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        MetricsClient.Dispose();
        await _process.DisposeAsync();
        if (_workingDirectory is not null && Directory.Exists(_workingDirectory))
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
    }
}
