using System.Globalization;
using Infra.Blueprint.Settings;
using Infra.Contract;

namespace Infra.Blueprint.Platform;

// The app: one Swarm service per replica (app-1 … app-N), so nginx balances over stable names and
// replica N+1 updates only after replica N converged.
public static partial class Planner
{
    /// <summary>
    /// A secret mounted into the app's image. The platform does not know which user the image runs as (the reference
    /// image runs as 1654), so the file is readable by every user of the container: Docker's default 0444. It exists
    /// only in that task's own mount namespace.
    /// </summary>
    public static SecretMount AppSecret(string name) => new(name, name, Uid: "0", Mode: 0b100_100_100);

    /// <summary>The service name of replica <paramref name="index"/> (1-based).</summary>
    public static string AppReplica(int index) => $"app-{index}";

    private static void AddApp(StackSettings settings, List<SecretSpec> secrets, List<ServiceSpec> services)
    {
        var app = settings.App;
        secrets.Add(new SecretSpec(AppContract.Secrets.SigningKey, SecretKind.Password, Length: 64));

        for (var i = 1; i <= app.Replicas; i++)
        {
            var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in app.Environment)
            {
                environment[name] = value;
            }

            environment[AppContract.Env.Port] = app.Port.ToString(CultureInfo.InvariantCulture);
            environment[AppContract.Env.Environment] = settings.Stack;
            environment[AppContract.Env.Version] = app.Image.Tag;
            environment[AppContract.Env.Instance] = AppReplica(i);
            environment[AppContract.Env.DrainSeconds] = app.DrainSeconds.ToString(CultureInfo.InvariantCulture);
            environment[AppContract.Env.CorsOrigins] = string.Join(',', app.CorsOrigins);
            environment[AppContract.Env.SigningKeyFile] = AppContract.Secrets.PathOf(AppContract.Secrets.SigningKey);
            environment[AppContract.Env.PostgresDatabase] = settings.Postgres.Database;
            environment[AppContract.Env.PostgresUser] = settings.Postgres.User;
            environment[AppContract.Env.PostgresPasswordFile] = AppContract.Secrets.PathOf(AppContract.Secrets.PostgresPassword);
            AddDatabaseEnvironment(settings, environment);
            environment[AppContract.Env.RedisHost] = RedisService;
            environment[AppContract.Env.RedisPort] = "6379";
            environment[AppContract.Env.RedisPasswordFile] = AppContract.Secrets.PathOf(AppContract.Secrets.RedisPassword);

            services.Add(new ServiceSpec(
                Name: AppReplica(i),
                Image: app.Image.ToString(),
                Command: [],
                Environment: environment,
                Networks: [EdgeNetwork, BackendNetwork],
                Secrets:
                [
                    AppSecret(AppContract.Secrets.SigningKey),
                    AppSecret(AppContract.Secrets.PostgresPassword),
                    AppSecret(AppContract.Secrets.RedisPassword),
                ],
                Configs: AppCrossesHosts(settings) ? [new ConfigMount(CertificateSpec.InternalCaConfigKey, InternalCaPath)] : [],
                Volumes: [],
                Ports: [],
                Healthcheck: new Healthcheck(AppContract.Healthcheck(app.Healthcheck, app.Port, app.HealthPath), IntervalSeconds: 5, TimeoutSeconds: 3, Retries: 3, StartPeriodSeconds: 30),
                Update: new UpdatePolicy(UpdateOrder.StartFirst, Parallelism: 1, DelaySeconds: 5, MonitorSeconds: 30, RollbackOnFailure: true, ConvergeTimeoutSeconds: 300),
                Resources: new Resources(app.Cpus, app.MemoryMb, ReserveMemoryMb: app.MemoryMb / 2),
                Placement: [Constraint("app")],
                Global: false,
                Replicas: 1,
                // Docker's SIGKILL must not cut the drain short: the drain window plus time for in-flight requests.
                StopGraceSeconds: app.DrainSeconds + 15,
                Stateful: false,
                After: i == 1 ? [PgBouncerService, RedisService] : [AppReplica(i - 1)]));
        }
    }
}
