namespace Infra.Contract;

/// <summary>
/// The contract every application image deployed by Infra honours, defined once. The blueprint
/// uses these names to wire services; the reference app uses the same names to read them.
/// <c>app/CONTRACT.md</c> documents them for users who bring their own image.
/// </summary>
public static class AppContract
{
    /// <summary>The port the app listens on inside its container (plain HTTP; TLS ends at the edge).</summary>
    public const int Port = 8080;

    /// <summary>Seconds the app keeps serving after SIGTERM while readiness reports 503.</summary>
    public const int DefaultDrainSeconds = 10;

    /// <summary>Directory where Docker Swarm mounts secrets.</summary>
    public const string SecretsDirectory = "/run/secrets";

    /// <summary>HTTP paths the platform probes or scrapes.</summary>
    public static class Paths
    {
        /// <summary>Liveness: 200 while the process is up. Docker's healthcheck uses it.</summary>
        public const string Live = "/health/live";

        /// <summary>Readiness: 200 when dependencies are reachable and the app is not draining; 503 otherwise.</summary>
        public const string Ready = "/health/ready";

        /// <summary>Full JSON health report.</summary>
        public const string Health = "/health";

        /// <summary>Prometheus text exposition.</summary>
        public const string Metrics = "/metrics";

        /// <summary>WebSocket endpoint for live updates; the edge upgrades connections on this path.</summary>
        public const string WebSocket = "/ws";
    }

    /// <summary>Names of the secrets the platform mounts under <see cref="SecretsDirectory"/>.</summary>
    public static class Secrets
    {
        /// <summary>Password of the app's Postgres role.</summary>
        public const string PostgresPassword = "postgres_password";

        /// <summary>Password Redis requires (<c>requirepass</c>).</summary>
        public const string RedisPassword = "redis_password";

        /// <summary>Key the app signs tokens and cookies with.</summary>
        public const string SigningKey = "app_signing_key";

        /// <summary>The path a secret is mounted at.</summary>
        public static string PathOf(string secretName) => $"{SecretsDirectory}/{secretName}";
    }

    /// <summary>Environment variables the platform sets on every app replica.</summary>
    public static class Env
    {
        /// <summary>Port to listen on (<see cref="Port"/>).</summary>
        public const string Port = "APP_PORT";

        /// <summary>The stack name, e.g. <c>staging</c> or <c>prod</c>.</summary>
        public const string Environment = "APP_ENVIRONMENT";

        /// <summary>The deployed version (image tag), reported by health and build-info metrics.</summary>
        public const string Version = "APP_VERSION";

        /// <summary>The replica's stable name (<c>app-1</c>, <c>app-2</c>, …).</summary>
        public const string Instance = "APP_INSTANCE";

        /// <summary>Seconds to keep serving after SIGTERM.</summary>
        public const string DrainSeconds = "APP_DRAIN_SECONDS";

        /// <summary>Comma-separated list of origins allowed by CORS.</summary>
        public const string CorsOrigins = "APP_CORS_ORIGINS";

        /// <summary>File holding the signing key.</summary>
        public const string SigningKeyFile = "APP_SIGNING_KEY_FILE";

        /// <summary>Postgres host name: PgBouncer's, in transaction pooling mode (no session state across transactions).</summary>
        public const string PostgresHost = "POSTGRES_HOST";

        /// <summary>Postgres port.</summary>
        public const string PostgresPort = "POSTGRES_PORT";

        /// <summary>Postgres database name.</summary>
        public const string PostgresDatabase = "POSTGRES_DATABASE";

        /// <summary>Postgres role.</summary>
        public const string PostgresUser = "POSTGRES_USER";

        /// <summary>File holding the Postgres password.</summary>
        public const string PostgresPasswordFile = "POSTGRES_PASSWORD_FILE";

        /// <summary>libpq/Npgsql SSL mode: <c>verify-full</c> when the app reaches the database from another host, <c>disable</c> on the same host.</summary>
        public const string PostgresSslMode = "POSTGRES_SSL_MODE";

        /// <summary>File holding the internal CA certificate that signs the database's certificate (set with <c>verify-full</c>; empty otherwise).</summary>
        public const string PostgresSslRootCertFile = "POSTGRES_SSL_ROOT_CERT_FILE";

        /// <summary>Redis host name.</summary>
        public const string RedisHost = "REDIS_HOST";

        /// <summary>Redis port.</summary>
        public const string RedisPort = "REDIS_PORT";

        /// <summary>File holding the Redis password.</summary>
        public const string RedisPasswordFile = "REDIS_PASSWORD_FILE";

        /// <summary>Every variable the platform sets; users may not override these in <c>infra:app.environment</c>.</summary>
        public static IReadOnlyList<string> All { get; } =
        [
            Port, Environment, Version, Instance, DrainSeconds, CorsOrigins, SigningKeyFile,
            PostgresHost, PostgresPort, PostgresDatabase, PostgresUser, PostgresPasswordFile, PostgresSslMode, PostgresSslRootCertFile,
            RedisHost, RedisPort, RedisPasswordFile,
        ];
    }

    /// <summary>
    /// The container healthcheck the platform sets on every replica: an HTTP GET of <paramref name="path"/>
    /// from inside the container with <c>wget</c> (busybox's, present in every Alpine-based image; install
    /// <c>wget</c> in Debian-based ones). Swarm gates start-first rollouts on it and rolls back when it fails.
    /// </summary>
    public static IReadOnlyList<string> HealthcheckTest(int port, string path) =>
        ["CMD-SHELL", $"wget -q -O /dev/null http://127.0.0.1:{port}{path} || exit 1"];

    /// <summary>Command-line verbs of the app image.</summary>
    public static class Commands
    {
        /// <summary>Runs schema migrations and exits; idempotent. The platform runs it as a one-off job before a rollout.</summary>
        public const string Migrate = "migrate";
    }
}
