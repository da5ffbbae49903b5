using System.Globalization;
using Infra.Contract;

namespace Infra.TestKit;

/// <summary>
/// Real Postgres and Redis on loopback, plus the secret files the platform would mount: what an app replica needs
/// around it. The app tests share one (each test gets its own database); the loopback topology runs one.
/// </summary>
public class LoopbackPlatform
{
    private readonly string _secrets = Directory.CreateTempSubdirectory("infra-app-secrets-").FullName;

    public PostgresServer Postgres { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public string SecretPath(string name) => Path.Combine(_secrets, name);

    /// <summary>Starts Postgres and Redis and writes the secret files.</summary>
    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var redis = RedisServer.StartAsync();
        Postgres = await postgres;
        Redis = await redis;
        // Written with trailing newlines, as `echo secret > file` does: the app must not send them as part of the password.
        await File.WriteAllTextAsync(SecretPath(AppContract.Secrets.PostgresPassword), PostgresServer.AppPassword + "\n");
        await File.WriteAllTextAsync(SecretPath(AppContract.Secrets.RedisPassword), RedisServer.Password + "\n");
        await File.WriteAllTextAsync(SecretPath(AppContract.Secrets.SigningKey), Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
    }

    /// <summary>Everything the platform sets on a replica, pointing at this fixture's servers.</summary>
    public Dictionary<string, string?> Environment(string database, string instance = "app-1") => new()
    {
        [AppContract.Env.Port] = Loopback.FreePort().ToString(CultureInfo.InvariantCulture),
        [AppContract.Env.MetricsPort] = Loopback.FreePort().ToString(CultureInfo.InvariantCulture),
        [AppContract.Env.BindAddress] = "127.0.0.1",
        [AppContract.Env.Environment] = "test",
        [AppContract.Env.Version] = "1.2.3-test",
        [AppContract.Env.Instance] = instance,
        [AppContract.Env.DrainSeconds] = "2",
        [AppContract.Env.CorsOrigins] = "https://app.example.com",
        [AppContract.Env.SigningKeyFile] = SecretPath(AppContract.Secrets.SigningKey),
        [AppContract.Env.RateLimitPerMinute] = "1000000",
        // As the image sets it (app/Dockerfile): no configuration file watcher.
        ["DOTNET_hostBuilder__reloadConfigOnChange"] = "false",
        [AppContract.Env.PostgresHost] = "127.0.0.1",
        [AppContract.Env.PostgresPort] = Postgres.Port.ToString(CultureInfo.InvariantCulture),
        [AppContract.Env.PostgresDatabase] = database,
        [AppContract.Env.PostgresUser] = PostgresServer.AppUser,
        [AppContract.Env.PostgresPasswordFile] = SecretPath(AppContract.Secrets.PostgresPassword),
        [AppContract.Env.RedisHost] = "127.0.0.1",
        [AppContract.Env.RedisPort] = Redis.Port.ToString(CultureInfo.InvariantCulture),
        [AppContract.Env.RedisPasswordFile] = SecretPath(AppContract.Secrets.RedisPassword),
    };

    /// <summary>Runs <c>migrate</c> against <paramref name="database"/> and returns its exit code and output.</summary>
    public Task<(int ExitCode, string Output)> MigrateAsync(string database) =>
        ChildProcess.RunAsync("dotnet", [AppProcess.DllPath, AppContract.Commands.Migrate], AppProcess.Environment(Environment(database)));

    /// <summary>A migrated database and a ready app on it.</summary>
    public async Task<AppProcess> StartAppAsync(string? database = null, Action<Dictionary<string, string?>>? configure = null, string instance = "app-1")
    {
        database ??= await NewMigratedDatabaseAsync();
        var environment = Environment(database, instance);
        configure?.Invoke(environment);
        var app = AppProcess.Start(environment);
        try
        {
            await app.WaitForReadyAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async Task<string> NewMigratedDatabaseAsync()
    {
        var database = await Postgres.CreateDatabaseAsync();
        var (code, output) = await MigrateAsync(database);
        return code == 0 ? database : throw new InvalidOperationException($"migrate failed ({code}):\n{output}");
    }

    /// <summary>Stops both servers and deletes the secret files.</summary>
    public async Task DisposeAsync()
    {
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }

        Directory.Delete(_secrets, recursive: true);
    }
}
