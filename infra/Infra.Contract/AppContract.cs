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

    /// <summary>
    /// The port the app serves <see cref="Paths.Metrics"/> on, and nothing else: the edge's upstream lists only
    /// <see cref="Port"/>, so no variant of the metrics path (<c>/METRICS</c>, <c>/metrics/</c>, <c>%2F</c>…) can reach
    /// metrics through the edge, whatever nginx matches. Prometheus scrapes this port on the internal network.
    /// </summary>
    public const int MetricsPort = 9464;

    /// <summary>Seconds the app keeps serving after SIGTERM while readiness reports 503.</summary>
    public const int DefaultDrainSeconds = 10;

    /// <summary>
    /// Seconds the app lets in-flight requests finish after the drain window before it aborts them. The platform's
    /// stop grace period must be at least the drain seconds plus this, or Docker kills the app mid-request.
    /// </summary>
    public const int StopGraceSeconds = 15;

    /// <summary>Directory where Docker Swarm mounts secrets.</summary>
    public const string SecretsDirectory = "/run/secrets";

    /// <summary>HTTP paths the platform probes or scrapes.</summary>
    public static class Paths
    {
        /// <summary>Liveness: 200 while the process is up; checks no dependency. The image's own <c>HEALTHCHECK</c> and workers' healthchecks use it.</summary>
        public const string Live = "/health/live";

        /// <summary>
        /// Readiness: 200 when dependencies are reachable and the app is not draining; 503 otherwise. Monitoring's readiness
        /// probe (<c>infra:app.readyPath</c>) targets it.
        /// </summary>
        public const string Ready = "/health/ready";

        /// <summary>
        /// Started: 503 until this process has been ready once (it runs the readiness checks itself until then), liveness
        /// from then on. The platform's Swarm healthcheck (<c>infra:app.healthPath</c>) probes it, so a replica that never
        /// becomes ready fails the rollout and is rolled back, and a started one is not replaced during a database outage.
        /// </summary>
        public const string Started = "/health/started";

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

        /// <summary>
        /// Address to listen on; defaults to every interface, which a container needs. Not set by the platform:
        /// local runs and tests set <c>127.0.0.1</c>.
        /// </summary>
        public const string BindAddress = "APP_BIND_ADDRESS";

        /// <summary>
        /// Requests each client IP may make per minute, counted across every replica while Redis is up and per
        /// replica while it is down. Health and metrics paths are not limited. The platform sets it from the edge's limit
        /// (<c>infra:edge.rateLimitPerSecond</c> × 60 + <c>infra:edge.rateLimitBurst</c>).
        /// </summary>
        public const string RateLimitPerMinute = "APP_RATE_LIMIT_PER_MINUTE";

        /// <summary>
        /// Largest request body accepted, in bytes; larger requests get 413. The platform sets it from
        /// <c>infra:edge.clientMaxBodyMb</c>, the limit nginx enforces too, so an over-limit body is refused by nginx before
        /// it reaches a replica (an app that closes early on a body nginx accepted would count as a failed upstream).
        /// </summary>
        public const string MaxRequestBodyBytes = "APP_MAX_REQUEST_BODY_BYTES";

        /// <summary>Port <see cref="Paths.Metrics"/> is served on (<see cref="AppContract.MetricsPort"/>); the app port answers 404 there.</summary>
        public const string MetricsPort = "APP_METRICS_PORT";

        /// <summary>Open WebSockets this replica serves at once; more get 503. The platform sets it from <c>infra:edge.maxWebSocketsPerReplica</c>.</summary>
        public const string MaxWebSockets = "APP_MAX_WEBSOCKETS";

        /// <summary>
        /// Most Postgres connections one replica opens. Replicas × this must stay below the server's
        /// <c>max_connections</c>, so the platform may set it from its Postgres tuning.
        /// </summary>
        public const string PostgresMaxPoolSize = "POSTGRES_MAX_POOL_SIZE";

        /// <summary>Every variable the platform sets; users may not override these in <c>infra:app.environment</c>.</summary>
        public static IReadOnlyList<string> All { get; } =
        [
            Port, Environment, Version, Instance, DrainSeconds, CorsOrigins, SigningKeyFile,
            PostgresHost, PostgresPort, PostgresDatabase, PostgresUser, PostgresPasswordFile, PostgresSslMode, PostgresSslRootCertFile,
            RedisHost, RedisPort, RedisPasswordFile,
            RateLimitPerMinute, MaxRequestBodyBytes, MetricsPort, MaxWebSockets,
        ];
    }

    /// <summary>
    /// The default container healthcheck (<c>infra:app.healthcheck</c>), Docker-style. <c>{path}</c> and <c>{port}</c>
    /// stand for the healthcheck's path (<c>infra:app.healthPath</c>, by default <see cref="Paths.Started"/>) and the app's port. The reference image runs its own <c>healthcheck</c> verb (its
    /// chiseled base has no shell or curl); an image with curl would use <c>["CMD", "curl", "-fsS", "http://127.0.0.1:{port}{path}"]</c>.
    /// </summary>
    public static IReadOnlyList<string> DefaultHealthcheck { get; } = ["CMD", "dotnet", "Infra.App.dll", Commands.HealthCheck, "{path}"];

    /// <summary>A healthcheck template with its placeholders filled in.</summary>
    public static IReadOnlyList<string> Healthcheck(IEnumerable<string> template, int port, string path) =>
        [.. template.Select(part => part.Replace("{path}", path, StringComparison.Ordinal).Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))];

    /// <summary>Command-line verbs of the app image.</summary>
    public static class Commands
    {
        /// <summary>Runs schema migrations and exits; idempotent. The platform runs it as a one-off job before a rollout.</summary>
        public const string Migrate = "migrate";

        /// <summary>
        /// Probes a path (<see cref="Paths.Live"/> unless given one) on the local port and exits 0 when it answers 200, 1
        /// otherwise. The reference image's <c>HEALTHCHECK</c> runs it because its chiseled base has no shell or curl, and so
        /// does the platform's default Swarm healthcheck, with <see cref="Paths.Started"/>.
        /// </summary>
        public const string HealthCheck = "healthcheck";

        /// <summary>
        /// The reference image's worker (<c>infra:app.workers</c>): consumes <see cref="WorkQueue"/> in Redis until SIGTERM,
        /// then finishes the job in hand and exits 0 within the worker's stop grace.
        /// </summary>
        public const string Worker = "worker";

        /// <summary>The reference image's scheduled cleanup (<c>infra:app.schedules</c>): deletes old rows in Postgres and exits.</summary>
        public const string Cleanup = "cleanup";

        /// <summary>The Redis list the reference worker takes its jobs from (a job is a task title to create).</summary>
        public const string WorkQueue = "infra:jobs";
    }

    /// <summary>
    /// Names of the Prometheus metrics the platform's alert rules and dashboards read from <see cref="Paths.Metrics"/>.
    /// An image that exposes them under these names gets the platform's alerts and dashboards for free.
    /// </summary>
    public static class Metrics
    {
        /// <summary>Counter of finished HTTP requests, labelled <c>method</c>, <c>route</c> (the route template) and <c>status</c>.</summary>
        public const string HttpRequests = "app_http_requests_total";

        /// <summary>Histogram of HTTP request durations in seconds, with the labels of <see cref="HttpRequests"/>.</summary>
        public const string HttpRequestDuration = "app_http_request_duration_seconds";

        /// <summary>Gauge of HTTP requests being served now.</summary>
        public const string HttpRequestsInFlight = "app_http_requests_in_flight";

        /// <summary>Histogram of database query durations in seconds, labelled <c>operation</c>.</summary>
        public const string DbQueryDuration = "app_db_query_duration_seconds";

        /// <summary>Counter of cache lookups, labelled <c>result</c> (<c>hit</c>, <c>miss</c>) and <c>store</c> (<c>redis</c>, <c>memory</c>).</summary>
        public const string CacheLookups = "app_cache_lookups_total";

        /// <summary>Gauge: 1 while Redis answers, 0 while the app runs in degraded mode.</summary>
        public const string RedisUp = "app_redis_up";

        /// <summary>Gauge: 1 from SIGTERM until exit, while the app drains.</summary>
        public const string Draining = "app_draining";

        /// <summary>Counter of requests refused with 429 by the rate limiter.</summary>
        public const string RateLimited = "app_rate_limited_requests_total";

        /// <summary>Gauge of open WebSocket connections on <see cref="Paths.WebSocket"/>.</summary>
        public const string WebSocketConnections = "app_websocket_connections";

        /// <summary>Gauge fixed at 1, labelled <c>version</c>, <c>instance</c>, <c>environment</c> and <c>runtime</c>.</summary>
        public const string BuildInfo = "app_build_info";

        /// <summary>
        /// Gauge fixed at 1 per secret file the process read at start (every <c>*_FILE</c> variable), labelled <c>name</c>
        /// (the variable without <c>_FILE</c>) and <c>fingerprint</c> (<see cref="SecretFingerprint"/>, never the value).
        /// </summary>
        public const string SecretInfo = "app_secret_info";
    }
}
