using System.Globalization;
using Infra.Blueprint.Data;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.Contract;

namespace Infra.Blueprint.App;

/// <summary>
/// The app: one Swarm service per replica (<see cref="Layout.AppReplicas"/>), so nginx balances over stable names
/// and replica N+1 updates only after replica N converged, start-first, health-gated, rolled back when unhealthy.
/// </summary>
public static class App
{
    /// <summary>
    /// A secret mounted into the app's image. The platform does not know which user the image runs as (the reference
    /// image runs as 1654), so the file is readable by every user of the container: Docker's default 0444. It exists
    /// only in that task's own mount namespace.
    /// </summary>
    public static SecretMount Secret(string name) => new(name, name, Uid: "0", Mode: 0b100_100_100);

    /// <summary>The app role's password (<see cref="PostgresRoles.App"/>), at the file the contract names.</summary>
    public static SecretMount PostgresPassword => Secret(PostgresRoles.AppSecret) with { FileName = AppContract.Secrets.PostgresPassword };

    /// <summary>The secrets every process of the app's image mounts (web replicas, workers, scheduled tasks).</summary>
    public static IReadOnlyList<SecretMount> Secrets(StackSettings settings) =>
    [
        Secret(AppContract.Secrets.SigningKey),
        PostgresPassword,
        Secret(AppContract.Secrets.RedisPassword),
        .. AppSecrets.Mounts(settings),
    ];

    /// <summary>
    /// The environment every process of the app's image runs with (web replicas, workers, scheduled tasks): the user's
    /// values, then the contract's, <paramref name="instance"/> naming the process.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Environment(Layout layout, string instance)
    {
        var settings = layout.Settings;
        var app = settings.App;
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in app.Environment)
        {
            environment[name] = value;
        }

        environment[AppContract.Env.Port] = app.Port.ToString(CultureInfo.InvariantCulture);
        environment[AppContract.Env.Environment] = settings.Stack;
        environment[AppContract.Env.Version] = app.Image.Tag;
        environment[AppContract.Env.Instance] = instance;
        environment[AppContract.Env.DrainSeconds] = app.DrainSeconds.ToString(CultureInfo.InvariantCulture);
        environment[AppContract.Env.CorsOrigins] = string.Join(',', app.CorsOrigins);
        // One limit per fact with the edge: the same body limit as nginx, a rate limit no client within the edge's
        // meets, the WebSocket cap nginx's max_conns uses, and metrics on their own port, which the edge never lists.
        environment[AppContract.Env.MaxRequestBodyBytes] = settings.Edge.MaxBodyBytes.ToString(CultureInfo.InvariantCulture);
        environment[AppContract.Env.RateLimitPerMinute] = settings.Edge.AppRateLimitPerMinute.ToString(CultureInfo.InvariantCulture);
        environment[AppContract.Env.MaxWebSockets] = settings.Edge.MaxWebSocketsPerReplica.ToString(CultureInfo.InvariantCulture);
        environment[AppContract.Env.MetricsPort] = AppContract.MetricsPort.ToString(CultureInfo.InvariantCulture);
        environment[AppContract.Env.SigningKeyFile] = AppContract.Secrets.PathOf(AppContract.Secrets.SigningKey);
        environment[AppContract.Env.PostgresDatabase] = settings.Postgres.Database;
        environment[AppContract.Env.PostgresUser] = PostgresRoles.App;
        environment[AppContract.Env.PostgresPasswordFile] = AppContract.Secrets.PathOf(AppContract.Secrets.PostgresPassword);
        foreach (var (name, value) in PgBouncer.ClientEnvironment(layout))
        {
            environment[name] = value;
        }

        environment[AppContract.Env.RedisHost] = Layout.RedisService;
        environment[AppContract.Env.RedisPort] = RedisConfig.DefaultPort.ToString(CultureInfo.InvariantCulture);
        environment[AppContract.Env.RedisPasswordFile] = AppContract.Secrets.PathOf(AppContract.Secrets.RedisPassword);
        foreach (var (name, value) in AppSecrets.Environment(settings))
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>The app's part of the plan.</summary>
    public static PlanPart Plan(Layout layout)
    {
        var settings = layout.Settings;
        var app = settings.App;
        var services = layout.AppReplicas.Select((replica, i) =>
        {
            return new ServiceSpec
            {
                Name = replica,
                Image = app.Image.ToString(),
                Environment = Environment(layout, replica),
                Networks = [Layout.EdgeNetwork, Layout.BackendNetwork],
                Secrets = Secrets(settings),
                Registry = RegistryLogin.For(settings, app.Image.ToString()),
                Configs = layout.AppCrossesHosts ? [new ConfigMount(CertificateSpec.InternalCaConfigKey, Layout.InternalCaPath)] : [],
                // The probe starts a fresh .NET process in a task of app.cpus: at 0.5 CPU that alone takes seconds, so a 3 s
                // timeout failed every first probe (readiness one interval late) and, under load, could kill a healthy replica.
                Healthcheck = new Healthcheck(AppContract.Healthcheck(app.Healthcheck, app.Port, app.HealthPath), IntervalSeconds: 5, TimeoutSeconds: 15, Retries: 3, StartPeriodSeconds: 30),
                Update = new UpdatePolicy(UpdateOrder.StartFirst, Parallelism: 1, DelaySeconds: 5, MonitorSeconds: 30, RollbackOnFailure: true, ConvergeTimeoutSeconds: 300),
                Resources = new Resources(app.Cpus, app.MemoryMb, ReserveMemoryMb: app.MemoryMb / 2),
                Placement = [Layout.Constraint("app")],
                // Docker's SIGKILL must not cut the drain short: the drain window plus time for in-flight requests.
                StopGraceSeconds = app.DrainSeconds + AppContract.StopGraceSeconds,
                After = i == 0 ? [Layout.PgBouncerService, Layout.RedisService] : [layout.AppReplicas[i - 1]],
            };
        }).ToList();

        return new PlanPart
        {
            Secrets = [new SecretSpec(AppContract.Secrets.SigningKey, SecretKind.Password, Length: 64), .. AppSecrets.Specs(settings)],
            Services = services,
        };
    }
}
