using Infra.Blueprint.Settings;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Settings;

public sealed class SettingsReaderTests
{
    // The base64 of an ed25519 public key: "ssh-ed25519" length-prefixed, then 32 key bytes.
    private const string Ed25519Blob = "AAAAC3NzaC1lZDI1NTE5AAAAIOQABwPe5hoMMsBCnLePc6pLejc4DGIBbjC5Zd/7cekg";

    private const string Digest = "sha256:4c2a0b1e5f6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3";

    /// <summary>One malformed setting per case: the edit, the config path the report must name, and a word of the fix.</summary>
    public static TheoryData<string, Func<StackConfig, StackConfig>, string, string> MalformedStacks => new()
    {
        { "production is not a boolean", c => c.With("production", "yes"), "infra:production", "true or false" },
        { "domain missing", c => c.With("domain", null), "infra:domain", "pulumi config set infra:domain" },
        { "domain is not a DNS name", c => c.With("domain", "staging_example"), "infra:domain", "not a DNS name" },
        { "domain outside the zone", c => c.With("domain", "staging.example.org"), "infra:domain", "not in the Cloudflare zone" },
        { "zone id too short", c => c.With("cloudflare.zoneId", "abc123"), "infra:cloudflare.zoneId", "32 hex digits" },
        { "zone missing", c => c.With("cloudflare.zone", null), "infra:cloudflare.zone", "missing" },
        { "ssh user invalid", c => c.With("ssh.user", "Root User"), "infra:ssh.user", "Unix user name" },
        { "ssh port out of range", c => c.With("ssh.port", "70000"), "infra:ssh.port", "between 1 and 65535" },
        { "ssh allowFrom not a CIDR", c => c.WithList("ssh.allowFrom", "office"), "infra:ssh.allowFrom[0]", "not a CIDR" },
        { "deploy user is root", c => c.With("ssh.deployUser", "root"), "infra:ssh.deployUser", "must not be root" },
        { "host key for no host", c => c.WithList("ssh.hostKeys", $"203.0.113.99 ssh-ed25519 {Ed25519Blob}"), "infra:ssh.hostKeys[0]", "not the address of any host" },
        { "host key on another port", c => c.WithList("ssh.hostKeys", $"[203.0.113.10]:2222 ssh-ed25519 {Ed25519Blob}"), "infra:ssh.hostKeys[0]", "write it as '203.0.113.10'" },
        { "host key under the wrong type", c => c.WithList("ssh.hostKeys", $"203.0.113.10 ssh-rsa {Ed25519Blob}"), "infra:ssh.hostKeys[0]", "not an SSH public key" },
        { "host key not a line", c => c.WithList("ssh.hostKeys", "SHA256:abc"), "infra:ssh.hostKeys[0]", "ssh-keyscan" },
        { "two keys for one host", c => c.WithList("ssh.hostKeys", $"203.0.113.10 ssh-ed25519 {Ed25519Blob}", $"203.0.113.10 ssh-ed25519 {Ed25519Blob}"), "infra:ssh.hostKeys[1]", "one key per host" },
        { "docker source unknown", c => c.With("hosts.dockerSource", "snap"), "infra:hosts.dockerSource", "docker-repo, distribution, preinstalled" },
        { "no hosts", c => c.WithList("hosts"), "infra:hosts", "list at least one" },
        { "hosts is not a list", c => c.With("hosts", "node-1"), "infra:hosts", "expected a list" },
        { "host without address", c => c.WithList("hosts", "node-1"), "infra:hosts[0]", "a name and an address" },
        { "host name not a label", c => c.WithList("hosts", "Node_1 203.0.113.10 roles=manager,edge,db,monitoring memoryMb=4096 cpus=2"), "infra:hosts[0].name", "DNS label" },
        { "host address invalid", c => c.WithList("hosts", "node-1 203.0.113.999 roles=manager,edge,db,monitoring memoryMb=4096 cpus=2"), "infra:hosts[0].address", "neither an IP" },
        { "edge host given by name", c => c.WithList("hosts", "node-1 node1.example.com roles=manager,edge,db,monitoring memoryMb=4096 cpus=2"), "infra:hosts[0].address", "give the edge host's IP address" },
        { "host role unknown", c => c.WithList("hosts", "node-1 203.0.113.10 roles=manager,edge,database,monitoring memoryMb=4096 cpus=2"), "infra:hosts[0].roles", "unknown role 'database'" },
        { "host roles missing", c => c.WithList("hosts", "node-1 203.0.113.10 memoryMb=4096 cpus=2"), "infra:hosts[0].roles", "roles=" },
        { "host memory missing", c => c.WithList("hosts", "node-1 203.0.113.10 roles=manager,edge,db,monitoring cpus=2"), "infra:hosts[0].memoryMb", "memoryMb=<number>" },
        { "host memory too small", c => c.WithList("hosts", "node-1 203.0.113.10 roles=manager,edge,db,monitoring memoryMb=128 cpus=2"), "infra:hosts[0].memoryMb", "between 512" },
        { "host field unknown", c => c.WithList("hosts", "node-1 203.0.113.10 roles=manager,edge,db,monitoring memoryMb=4096 cpus=2 disk=80"), "infra:hosts[0].disk", "unknown host field" },
        { "duplicate host names", c => c.WithList("hosts", "node-1 203.0.113.10 roles=manager,edge,db,monitoring memoryMb=4096 cpus=2", "node-1 203.0.113.11 roles=worker memoryMb=4096 cpus=2"), "infra:hosts[1].name", "unique" },
        { "duplicate host addresses", c => c.WithList("hosts", "node-1 203.0.113.10 roles=manager,edge,db,monitoring memoryMb=4096 cpus=2", "node-2 203.0.113.10 roles=worker memoryMb=4096 cpus=2"), "infra:hosts[1].address", "its own address" },
        { "no manager", c => c.WithList("hosts", "node-1 203.0.113.10 roles=edge,db,monitoring memoryMb=4096 cpus=2"), "infra:hosts", "manager role" },
        { "even number of managers", c => c.WithList("hosts", "node-1 203.0.113.10 roles=manager,edge,db,monitoring memoryMb=4096 cpus=2", "node-2 203.0.113.11 roles=manager memoryMb=4096 cpus=2"), "infra:hosts", "odd number" },
        { "no edge host", c => c.WithList("hosts", "node-1 203.0.113.10 roles=manager,db,monitoring memoryMb=4096 cpus=2"), "infra:hosts", "edge role" },
        { "two db hosts", c => c.WithList("hosts", "node-1 203.0.113.10 roles=manager,edge,db,monitoring memoryMb=4096 cpus=2", "node-2 203.0.113.11 roles=db memoryMb=4096 cpus=2"), "infra:hosts", "exactly one host must have the db role" },
        { "image missing", c => c.With("app.image", null), "infra:app.image", "missing" },
        { "image not pinned by digest", c => c.With("app.image", "ghcr.io/example/app:1.0.0"), "infra:app.image", "not pinned by digest" },
        { "image digest without tag", c => c.With("app.image", $"ghcr.io/example/app@{Digest}"), "infra:app.image", "no tag" },
        { "image digest malformed", c => c.With("app.image", "ghcr.io/example/app:1.0@sha256:xyz"), "infra:app.image", "registry/name:tag@sha256" },
        { "replicas not a number", c => c.With("app.replicas", "two"), "infra:app.replicas", "whole number" },
        { "replicas zero", c => c.With("app.replicas", "0"), "infra:app.replicas", "between 1 and 50" },
        { "production with one replica", c => c.With("production", "true").With("app.replicas", "1"), "infra:app.replicas", "a production stack needs at least 2 replicas (got 1)" },
        { "app port privileged", c => c.With("app.port", "80"), "infra:app.port", "privileged" },
        { "health path relative", c => c.With("app.healthPath", "health"), "infra:app.healthPath", "such as '/health/started'" },
        { "ready path with a query", c => c.With("app.readyPath", "/health/ready?full=1"), "infra:app.readyPath", "such as '/health/ready'" },
        { "healthcheck without CMD", c => c.WithList("app.healthcheck", "curl", "-f", "http://127.0.0.1:8080/health/ready"), "infra:app.healthcheck", "[CMD, program" },
        { "healthcheck shell form with extra words", c => c.WithList("app.healthcheck", "CMD-SHELL", "wget", "-q"), "infra:app.healthcheck", "CMD-SHELL" },
        { "promotion source not a stack name", c => c.With("app.promoteFrom", "acme infra staging"), "infra:app.promoteFrom", "not a stack name" },
        { "cpus not a number", c => c.With("app.cpus", "half"), "infra:app.cpus", "number of CPUs" },
        { "memory too small", c => c.With("app.memoryMb", "32"), "infra:app.memoryMb", "between 64" },
        { "environment entry without '='", c => c.WithList("app.environment", "FEATURE_X"), "infra:app.environment[0]", "NAME=value" },
        { "environment overrides the contract", c => c.WithList("app.environment", "POSTGRES_HOST=elsewhere"), "infra:app.environment[0]", "set by the platform" },
        { "environment carries a credential", c => c.WithList("app.environment", "STRIPE_API_KEY=sk_live_x"), "infra:app.environment[0]", "only as Swarm secrets" },
        { "environment name lower-case", c => c.WithList("app.environment", "feature=1"), "infra:app.environment[0]", "valid variable name" },
        { "cors origin with a path", c => c.WithList("app.corsOrigins", "https://staging.example.com/app"), "infra:app.corsOrigins[0]", "not an origin" },
        { "postgres version unsupported", c => c.With("postgres.version", "12"), "infra:postgres.version", "between 15 and 17" },
        { "postgres database name invalid", c => c.With("postgres.database", "App-DB"), "infra:postgres.database", "lower-case" },
        { "redis memory over half the db host", c => c.With("redis.maxMemoryMb", "3000"), "infra:redis.maxMemoryMb", "more than half" },
        { "hsts preload with a short max-age", c => c.With("edge.hstsPreload", "true").With("edge.hstsMaxAgeSeconds", "86400"), "infra:edge.hstsMaxAgeSeconds", "preload requires" },
        { "auth path not a path", c => c.WithList("edge.authPaths", "login"), "infra:edge.authPaths[0]", "not a path prefix" },
        { "static path listed twice", c => c.WithList("edge.staticPaths", "/assets/", "/assets/"), "infra:edge.staticPaths[1]", "listed twice" },
        { "CSP that would break out of its quotes", c => c.With("edge.contentSecurityPolicy", "default-src \"self\""), "infra:edge.contentSecurityPolicy", "double quotes" },
        { "CSP letting scripts connect anywhere", c => c.With("edge.contentSecurityPolicy", "default-src 'self'; connect-src 'self' wss:"), "infra:edge.contentSecurityPolicy", "connect-src 'wss:' lets scripts connect to any host" },
        { "unproxied records with an Origin CA certificate", c => c.With("cloudflare.proxied", "false"), "infra:cloudflare.proxied", "only Cloudflare trusts" },
        { "www of a www name", c => c.With("domain", "www.example.com").With("cloudflare.www", "true"), "infra:cloudflare.www", "already is a www name" },
        { "no retries to the next replica", c => c.With("edge.proxyNextUpstreamTries", "0"), "infra:edge.proxyNextUpstreamTries", "between 1 and 10" },
        { "rate limit zero", c => c.With("edge.rateLimitPerSecond", "0"), "infra:edge.rateLimitPerSecond", "between 1" },
        { "grafana outside the zone", c => c.With("monitoring.grafanaHostname", "grafana.example.net"), "infra:monitoring.grafanaHostname", "not in the Cloudflare zone" },
        { "grafana on the app's name", c => c.With("monitoring.grafanaHostname", "staging.example.com"), "infra:monitoring.grafanaHostname", "its own name" },
        { "alert email invalid", c => c.With("monitoring.alertEmail", "oncall"), "infra:monitoring.alertEmail", "email address" },
        { "alert email without a relay", c => c.With("monitoring.alertEmail", "oncall@example.com").With("monitoring.smtpFrom", "alerts@example.com"), "infra:monitoring.smtpSmarthost", "pulumi config set infra:monitoring.smtpSmarthost" },
        { "alert email without a sender", c => c.With("monitoring.alertEmail", "oncall@example.com").With("monitoring.smtpSmarthost", "smtp.example.com:587"), "infra:monitoring.smtpFrom", "pulumi config set infra:monitoring.smtpFrom" },
        { "smtp relay without a port", c => c.With("monitoring.smtpSmarthost", "smtp.example.com"), "infra:monitoring.smtpSmarthost", "host:port" },
        { "smtp sender invalid", c => c.With("monitoring.smtpFrom", "alerts"), "infra:monitoring.smtpFrom", "not an email address" },
        { "slack channel without '#'", c => c.With("monitoring.slackChannel", "alerts"), "infra:monitoring.slackChannel", "e.g. #alerts" },
        { "heartbeat over plain http", c => c.With("monitoring.heartbeatUrl", "http://hc-ping.example.com/abc"), "infra:monitoring.heartbeatUrl", "https URL" },
        { "max severity unknown", c => c.With("monitoring.maxSeverity", "page"), "infra:monitoring.maxSeverity", "critical or warning" },
        { "max severity info", c => c.With("monitoring.maxSeverity", "info"), "infra:monitoring.maxSeverity", "critical or warning" },
        { "log retention zero", c => c.With("monitoring.logRetentionDays", "0"), "infra:monitoring.logRetentionDays", "between 1" },
        { "repeat interval over a week", c => c.With("monitoring.repeatIntervalHours", "400"), "infra:monitoring.repeatIntervalHours", "between 1 and 168" },
        { "group wait negative", c => c.With("monitoring.groupWaitSeconds", "-5"), "infra:monitoring.groupWaitSeconds", "between 0 and 600" },
        { "production alerts go nowhere", c => c.With("production", "true").With("app.replicas", "2"), "infra:monitoring.alertEmail", "must send its alerts somewhere" },
        { "backup schedule with four fields", c => c.With("backups.schedule", "0 3 * *"), "infra:backups.schedule", "5: minute hour" },
        { "backup schedule hour out of range", c => c.With("backups.schedule", "0 25 * * *"), "infra:backups.schedule", "hour field" },
        { "backup schedule that never runs", c => c.With("backups.schedule", "0 3 31 2 *"), "infra:backups.schedule", "never runs" },
        { "drill schedule that never runs", c => c.With("backups.drillSchedule", "0 6 30 2 *"), "infra:backups.drillSchedule", "never runs" },
        { "runbook URL over plain http", c => c.With("monitoring.runbookUrl", "http://wiki.example.com/monitoring"), "infra:monitoring.runbookUrl", "https URL" },
        { "runbook URL with its own anchor", c => c.With("monitoring.runbookUrl", "https://github.com/acme/infra/blob/main/docs/monitoring.md#alerts"), "infra:monitoring.runbookUrl", "without '#'" },
        { "backup endpoint plain http", c => c.With("backups.s3Endpoint", "http://minio.local:9000"), "infra:backups.s3Endpoint", "https endpoint" },
        { "backup bucket invalid", c => c.With("backups.bucket", "Backups_Bucket"), "infra:backups.bucket", "bucket name" },
        { "production without backups", c => c.With("production", "true").With("backups.enabled", "false"), "infra:backups.enabled", "must back up" },
        { "postgres slow query threshold negative", c => c.With("postgres.slowQueryMs", "-1"), "infra:postgres.slowQueryMs", "between 0" },
        { "postgres pool larger than the server allows", c => c.With("postgres.poolSize", "95"), "infra:postgres.poolSize", "exceeds infra:postgres.maxConnections" },
        { "pgbouncer accepts fewer clients than its pool", c => c.With("postgres.maxClientConnections", "10").With("postgres.poolSize", "15"), "infra:postgres.maxClientConnections", "at least as many clients" },
        { "pgbouncer pool size zero", c => c.With("postgres.poolSize", "0"), "infra:postgres.poolSize", "between 1" },
        { "backup keeps a single snapshot", c => c.With("backups.keepDaily", "1").With("backups.keepWeekly", "0").With("backups.keepMonthly", "0"), "infra:backups.keepDaily", "keep at least 2" },
        { "drill schedule malformed", c => c.With("backups.drillSchedule", "daily"), "infra:backups.drillSchedule", "5: minute hour" },
        { "drill at the same time as the backup", c => c.With("backups.drillSchedule", "0 3 * * *"), "infra:backups.drillSchedule", "run the drill after the backup" },
        { "point-in-time recovery not a boolean", c => c.With("backups.pointInTimeRecovery", "on"), "infra:backups.pointInTimeRecovery", "true or false" },
        { "r2 account id malformed", c => c.With("backups.r2AccountId", "my-account"), "infra:backups.r2AccountId", "32 hex digits" },
        { "endpoint of another r2 account", c => c.With("backups.s3Endpoint", "https://ffffffffffffffffffffffffffffffff.r2.cloudflarestorage.com"), "infra:backups.s3Endpoint", "not the endpoint of the R2 account" },
        { "no endpoint and no r2 account", c => c.With("backups.r2AccountId", null).With("backups.s3Endpoint", null), "infra:backups.s3Endpoint", "backups.r2AccountId" },
        { "misspelt key", c => c.With("app.replica", "3"), "infra:app.replica", "did you mean 'infra:app.replicas'?" },
        { "unknown key", c => c.With("frontend.theme", "dark"), "infra:frontend.theme", "docs/config.md" },
    };

    [Theory]
    [MemberData(nameof(MalformedStacks))]
    public void AMalformedStackIsRefusedWithThePathAndTheFix(string problem, Func<StackConfig, StackConfig> edit, string path, string fix)
    {
        var config = edit(Repository.Stack("staging"));

        var (settings, errors) = SettingsReader.TryRead(config.Stack, config.Values);

        Assert.Null(settings);
        Assert.True(
            errors.Any(e => e.Path == path && e.Message.Contains(fix, StringComparison.Ordinal)),
            $"{problem}: expected an error at {path} mentioning \"{fix}\"; got:\n  {string.Join("\n  ", errors)}");
    }

    [Fact]
    public void EveryProblemIsReportedAtOnceNotJustTheFirst()
    {
        var config = Repository.Stack("prod")
            .With("app.replicas", "1")
            .With("domain", "app.example.org")
            .With("app.image", "nginx:latest")
            .With("backups.schedule", "daily");

        var exception = Assert.Throws<SettingsException>(() => config.ToSettings(checkSecrets: false));

        Assert.Equal(
            ["infra:app.image", "infra:backups.schedule", "infra:domain", "infra:app.replicas"],
            exception.Errors.Select(e => e.Path));
        Assert.Contains("infra:app.replicas: a production stack needs at least 2 replicas (got 1)", exception.Message);
    }

    [Fact]
    public void ADeploymentNeedsEverySecretAndSaysHowToSetIt()
    {
        var config = Repository.Stack("prod");

        var (_, errors) = SettingsReader.TryRead(config.Stack, config.Values, presentSecrets: new HashSet<string> { "infra:backups.s3AccessKeyId" });

        Assert.Equal(["infra:ssh.privateKey", "infra:monitoring.smtpPassword", "infra:monitoring.slackWebhook", "infra:backups.s3SecretAccessKey", "cloudflare:apiToken"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Contains($"pulumi config set --secret {e.Path}", e.Message));
    }

    [Fact]
    public void AlertChannelSecretsAreNeededOnlyWhenTheirChannelIsConfigured()
    {
        var secrets = new HashSet<string> { "infra:ssh.privateKey", "infra:backups.s3AccessKeyId", "infra:backups.s3SecretAccessKey", "cloudflare:apiToken" };
        var config = Repository.Stack("prod").With("monitoring.slackChannel", null).With("monitoring.smtpUsername", null);

        var (settings, errors) = SettingsReader.TryRead(config.Stack, config.Values, secrets);

        Assert.Empty(errors);
        Assert.True(settings!.Monitoring.EmailsAlerts);
        Assert.False(settings.Monitoring.PostsToSlack);
    }

    [Fact]
    public void BackupSecretsAreNotNeededWhenBackupsAreOff()
    {
        var config = Repository.Stack("staging").With("backups.enabled", "false");

        var (settings, errors) = SettingsReader.TryRead(config.Stack, config.Values, presentSecrets: new HashSet<string> { "infra:ssh.privateKey", "cloudflare:apiToken" });

        Assert.Empty(errors);
        Assert.False(settings!.Backups.Enabled);
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public void TheShippedStacksAreValid(string stack)
    {
        var config = Repository.Stack(stack);

        var (_, errors) = SettingsReader.TryRead(config.Stack, config.Values);

        Assert.Empty(errors);
    }

    [Fact]
    public void HostEntriesCarryRolesSizesAndSshOverrides()
    {
        var config = Repository.Stack("staging").WithList(
            "hosts",
            "node-1 203.0.113.10 roles=manager,edge,db,monitoring memoryMb=4096 cpus=2",
            "node-2 2001:db8::2 roles=worker memoryMb=2048 cpus=1 user=ops port=2222");

        var settings = config.ToSettings(checkSecrets: false);

        var node2 = settings.Hosts[1];
        Assert.Equal(("node-2", "2001:db8::2", "ops", 2222, 2048, 1), (node2.Name, node2.Address, node2.SshUser, node2.SshPort, node2.MemoryMb, node2.Cpus));
        Assert.Equal([HostRole.Worker], node2.Roles);
        Assert.Equal("root", settings.Hosts[0].SshUser);
    }
}
