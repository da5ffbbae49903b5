using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Infra.Blueprint.Data;
using Infra.Blueprint.Edge;
using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.Contract;
using Infra.TestKit;
using Infra.Blueprint.Backups;

namespace Infra.Monitoring.Tests;

/// <summary>
/// The staging stack's monitoring on loopback: two stand-in app replicas behind the rendered nginx, real Postgres
/// and Redis, Debian's node, Postgres, Redis, nginx and blackbox exporters and Alertmanager, and Debian's Prometheus
/// with the rendered scrape config (every address mapped to loopback) and rules (their <c>for:</c> capped at a second,
/// with one-second scrapes and evaluations, so a stopped exporter's alert fires within seconds).
/// Services Debian does not package (cAdvisor, Grafana, Loki, Alloy) are left out of the mapped config.
/// </summary>
public sealed class LoopbackMonitoring : IDisposable
{
    private readonly List<int> _appPorts = [];
    private readonly List<IDisposable> _owned = [];
    private readonly Dictionary<string, string> _map = new(StringComparer.Ordinal);
    private readonly string _postgresBin;
    private readonly string _pgData;
    private string _certificate = "";

    public LoopbackMonitoring()
    {
        try
        {
            Directory = new TempDirectory("monitoring");
            _owned.Add(Directory);
            Settings = Repository.Stack("staging").With("edge.cloudflareOnly", "false").ToSettings(checkSecrets: false);
            Plan = Planner.Build(Settings);

            StartApps();
            StartNginx();
            (_postgresBin, _pgData) = StartPostgres();
            StartRedis();
            StartExporters();
            StartAlertmanager();
            StartPrometheus();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public TempDirectory Directory { get; }

    public StackSettings Settings { get; }

    public Plan Plan { get; }

    public int PrometheusPort { get; private set; }

    public int AlertmanagerPort { get; private set; }

    public string PrometheusYml { get; private set; } = "";

    public Daemon RedisExporter { get; private set; } = null!;

    public int RedisExporterPort { get; private set; }

    /// <summary>The Prometheus HTTP API.</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Starts the Redis exporter again (after a test stopped it).</summary>
    public void RestartRedisExporter()
    {
        RedisExporter.Stop();
        RedisExporter = StartRedisExporter();
    }

    /// <summary>GETs a Prometheus API path and returns its <c>data</c>.</summary>
    public JsonElement Api(string pathAndQuery)
    {
        var body = Http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{PrometheusPort}{pathAndQuery}").GetAwaiter().GetResult();
        return body.GetProperty("data");
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, at most <paramref name="timeout"/>; returns whether it did.</summary>
    public static bool Eventually(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(500);
        }

        return condition();
    }

    public void Dispose()
    {
        Http.Dispose();
        if (_postgresBin is not null && System.IO.Directory.Exists(_pgData))
        {
            Tools.Run("runuser", ["-u", "postgres", "--", Path.Combine(_postgresBin, "pg_ctl"), "-D", _pgData, "-m", "immediate", "-w", "stop"], TimeSpan.FromSeconds(30));
        }

        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        RedisExporter?.Dispose();
    }

    private T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private void StartApps()
    {
        foreach (var replica in Layout.Of(Settings).AppReplicas)
        {
            var app = Own(new FakeApp(replica, Loopback.FreePort()));
            _appPorts.Add(app.Port);
            _map[$"{replica}:{AppContract.MetricsPort}"] = $"127.0.0.1:{app.Port}";
            _map[$"http://{replica}:{Settings.App.Port}{Settings.App.ReadyPath}"] = $"http://127.0.0.1:{app.Port}{Settings.App.ReadyPath}";
        }

        // A worker's tasks, found through DNS on the Swarm, are one static target here (DnsDiscovery off).
        foreach (var worker in Layout.Of(Settings).Workers)
        {
            var process = Own(new FakeApp(worker, Loopback.FreePort()));
            _map[$"{worker}:{AppContract.MetricsPort}"] = $"127.0.0.1:{process.Port}";
        }
    }

    private void StartNginx()
    {
        var nginx = Tools.Require("nginx", "nginx-light");
        var (https, status) = (Loopback.FreePort(), Loopback.FreePort());
        var runtime = LoopbackEdge.Runtime(Settings, Directory, _appPorts, Loopback.FreePort(), https, status);
        var conf = Directory.Write("nginx.conf", NginxConfig.Render(Settings, runtime));
        Own(Daemon.Start("nginx", nginx, ["-c", conf, "-g", "daemon off;"])).WaitForPort(https);
        _map[$"https://{Settings.Domain}{AppContract.Paths.Live}"] = $"https://127.0.0.1:{https}{AppContract.Paths.Live}";
        foreach (var edge in Layout.Of(Settings).EdgeServices.Values)
        {
            _map[$"{edge}:{EdgeRuntime.Swarm(Layout.Of(Settings)).HttpsPort}"] = $"127.0.0.1:{https}";
        }
        _certificate = runtime.CertificatePath;
    }

    private (string Bin, string Data) StartPostgres()
    {
        var versions = System.IO.Directory.Exists("/usr/lib/postgresql") ? System.IO.Directory.GetDirectories("/usr/lib/postgresql") : [];
        var bin = versions.Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order(StringComparer.Ordinal).LastOrDefault()
            ?? throw new InvalidOperationException("initdb is not installed; install it with: apt-get install -y postgresql (.ci/run does)");
        Tools.Require("runuser", "util-linux");
        var root = Directory.File("pg");
        System.IO.Directory.CreateDirectory(Path.Combine(root, "socket"));
        var data = Path.Combine(root, "data");
        Check(Tools.Run("chmod", ["755", Directory.Path]));
        Check(Tools.Run("chown", ["-R", "postgres:postgres", root]));
        var port = Loopback.FreePort();
        Check(Tools.Run("runuser", ["-u", "postgres", "--", Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256"], TimeSpan.FromMinutes(2)));
        Check(Tools.Run("runuser", ["-u", "postgres", "--", Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(root, "log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {Path.Combine(root, "socket")} -c listen_addresses=127.0.0.1 -c max_connections={Settings.Postgres.MaxConnections}", "start"], TimeSpan.FromMinutes(2)));
        var psql = Path.Combine(bin, "psql");
        Check(Tools.Run("runuser", ["-u", "postgres", "--", psql, "-h", Path.Combine(root, "socket"), "-p", port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-v", "ON_ERROR_STOP=1",
            "-c", $"create role {Settings.Postgres.User} login password 'loopback-password'",
            "-c", $"create database {Settings.Postgres.Database} owner {Settings.Postgres.User}",
            // The exporter's own role, as the plan's roles job makes it (tests/Infra.Data.Tests runs that script itself).
            "-c", $"create role {PostgresRoles.Monitor} login password 'loopback-monitor' in role pg_monitor"]));
        Directory.Write("secrets/" + PostgresRoles.MonitorSecret, "loopback-monitor");
        _map["postgres:5432"] = $"127.0.0.1:{port}";
        return (bin, data);
    }

    private void StartRedis()
    {
        var redis = Tools.Require("redis-server", "redis-server");
        var port = Loopback.FreePort();
        var auth = Directory.Write("secrets/" + Layout.RedisAuthSecret, "requirepass loopback-redis\n");
        System.IO.Directory.CreateDirectory(Directory.File("redis"));
        var conf = Directory.Write("redis.conf", RedisConfig.Render(Settings.Redis, auth, port, Directory.File("redis"), "127.0.0.1"));
        Own(Daemon.Start("redis-server", redis, [conf])).WaitForPort(port);
        _map["redis:6379"] = $"127.0.0.1:{port}";
        // The same template the plan gives the Redis exporter, formatted as the Pulumi layer will, with the address mapped.
        var secret = Plan.Secrets.Single(s => s.Name == Layout.RedisExporterSecret);
        Directory.Write("secrets/" + Layout.RedisExporterSecret,
            secret.Derive("loopback-redis").Replace($"redis://{Layout.RedisService}:6379", $"redis://127.0.0.1:{port}", StringComparison.Ordinal));
    }

    private void StartExporters()
    {
        var textfiles = Directory.File("textfile");
        System.IO.Directory.CreateDirectory(textfiles);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Directory.Write("textfile/backup.prom", string.Join("\n",
            $"# TYPE {BackupMetrics.LastSuccessTimestamp} gauge", $"{BackupMetrics.LastSuccessTimestamp} {now}",
            $"# TYPE {BackupMetrics.LastDuration} gauge", $"{BackupMetrics.LastDuration} 42",
            $"# TYPE {BackupMetrics.DrillLastSuccessTimestamp} gauge", $"{BackupMetrics.DrillLastSuccessTimestamp} {now}",
            $"# TYPE {BackupMetrics.DrillLastStatus} gauge", $"{BackupMetrics.DrillLastStatus} 1", ""));
        // What each scheduled task's runner writes after a run (tier 2 runs the rendered runner itself).
        foreach (var schedule in Plan.Schedules)
        {
            var labels = $"{{{ScheduleMetrics.Label}=\"{schedule.Name}\"}}";
            Directory.Write($"textfile/{ScheduleMetrics.FileOf(schedule.Name)}", string.Join("\n",
                $"# TYPE {ScheduleMetrics.LastStatus} gauge", $"{ScheduleMetrics.LastStatus}{labels} 1",
                $"# TYPE {ScheduleMetrics.LastSuccessTimestamp} gauge", $"{ScheduleMetrics.LastSuccessTimestamp}{labels} {now}",
                $"# TYPE {ScheduleMetrics.LastRunTimestamp} gauge", $"{ScheduleMetrics.LastRunTimestamp}{labels} {now}",
                $"# TYPE {ScheduleMetrics.LastDuration} gauge", $"{ScheduleMetrics.LastDuration}{labels} 3", ""));
        }


        var node = Loopback.FreePort();
        Own(Daemon.Start("node-exporter", Tools.Require("prometheus-node-exporter", "prometheus-node-exporter"),
            [$"--web.listen-address=127.0.0.1:{node}", $"--collector.textfile.directory={textfiles}"])).WaitForPort(node);
        _map[$"{Layout.NodeExporterService}:{Layout.NodeExporterPort}"] = $"127.0.0.1:{node}";

        var postgres = Loopback.FreePort();
        var pgEnv = Plan.Service(Layout.PostgresExporterService).Environment.ToDictionary();
        pgEnv["DATA_SOURCE_URI"] = pgEnv["DATA_SOURCE_URI"].Replace("postgres:5432", _map["postgres:5432"], StringComparison.Ordinal);
        pgEnv["DATA_SOURCE_PASS_FILE"] = Directory.File("secrets/" + PostgresRoles.MonitorSecret);
        Own(Daemon.Start("postgres-exporter", Tools.Require("prometheus-postgres-exporter", "prometheus-postgres-exporter"),
            [$"--web.listen-address=127.0.0.1:{postgres}"], pgEnv)).WaitForPort(postgres);
        _map[$"{Layout.PostgresExporterService}:{Layout.PostgresExporterPort}"] = $"127.0.0.1:{postgres}";

        RedisExporterPort = Loopback.FreePort();
        RedisExporter = StartRedisExporter();
        _map[$"{Layout.RedisExporterService}:{Layout.RedisExporterPort}"] = $"127.0.0.1:{RedisExporterPort}";

        var nginx = Loopback.FreePort();
        var scrapeUri = Plan.Service(Layout.NginxExporterService).Command.Single()
            .Replace($"{EdgeRuntime.StatusSocketDirectory}/status.sock", Directory.File("status.sock"), StringComparison.Ordinal);
        Own(Daemon.Start("nginx-exporter", Tools.Require("prometheus-nginx-exporter", "prometheus-nginx-exporter"),
            [$"--web.listen-address=127.0.0.1:{nginx}", scrapeUri])).WaitForPort(nginx);
        _map[$"{Layout.NginxExporterService}:{Layout.NginxExporterPort}"] = $"127.0.0.1:{nginx}";

        var blackbox = Loopback.FreePort();
        var blackboxYml = Directory.Write("blackbox.yml", Plan.Configs.Single(c => c.Key == "blackbox.yml").Content);
        // The stand-in origin certificate is self-signed: the prober trusts it as Cloudflare's would be trusted.
        Own(Daemon.Start("blackbox-exporter", Tools.Require("prometheus-blackbox-exporter", "prometheus-blackbox-exporter"),
            [$"--config.file={blackboxYml}", $"--web.listen-address=127.0.0.1:{blackbox}"],
            new Dictionary<string, string> { ["SSL_CERT_FILE"] = _certificate })).WaitForPort(blackbox);
        _map[$"{Layout.BlackboxService}:{Layout.BlackboxPort}"] = $"127.0.0.1:{blackbox}";
    }

    private Daemon StartRedisExporter()
    {
        var args = Plan.Service(Layout.RedisExporterService).Command
            .Select(a => a.StartsWith("--redis.addr=", StringComparison.Ordinal) ? $"--redis.addr=redis://{_map["redis:6379"]}" : a)
            .Select(a => a.StartsWith("--redis.password-file=", StringComparison.Ordinal) ? $"--redis.password-file={Directory.File("secrets/" + Layout.RedisExporterSecret)}" : a)
            .Append($"--web.listen-address=127.0.0.1:{RedisExporterPort}");
        return Daemon.Start("redis-exporter", Tools.Require("prometheus-redis-exporter", "prometheus-redis-exporter"), args).WaitForPort(RedisExporterPort);
    }

    private void StartAlertmanager()
    {
        AlertmanagerPort = Loopback.FreePort();
        var config = Directory.Write("alertmanager.yml", Plan.Configs.Single(c => c.Key == "alertmanager.yml").Content);
        System.IO.Directory.CreateDirectory(Directory.File("alertmanager"));
        Own(Daemon.Start("alertmanager", Tools.Require("prometheus-alertmanager", "prometheus-alertmanager"),
            [$"--config.file={config}", $"--storage.path={Directory.File("alertmanager")}", $"--web.listen-address=127.0.0.1:{AlertmanagerPort}", "--cluster.listen-address="]))
            .WaitForPort(AlertmanagerPort);
        _map[$"{Layout.AlertmanagerService}:{Layout.AlertmanagerPort}"] = $"127.0.0.1:{AlertmanagerPort}";
    }

    private void StartPrometheus()
    {
        PrometheusPort = Loopback.FreePort();
        _map[$"localhost:{Layout.PrometheusPort}"] = $"127.0.0.1:{PrometheusPort}";
        var rules = Directory.Write(AlertRules.FileName, AlertRules.Render(Settings, maxFor: TimeSpan.FromSeconds(1)));
        var runtime = MonitoringRuntime.Swarm with
        {
            Map = address => _map.GetValueOrDefault(address),
            DnsDiscovery = false,
            ScrapeInterval = TimeSpan.FromSeconds(1),
            EvaluationInterval = TimeSpan.FromSeconds(1),
            RuleFiles = [rules],
        };
        PrometheusYml = PrometheusConfig.Render(Settings, runtime);
        var config = Directory.Write("prometheus.yml", PrometheusYml);
        Own(Daemon.Start("prometheus", Tools.Require("prometheus", "prometheus"),
            [$"--config.file={config}", $"--storage.tsdb.path={Directory.File("tsdb")}", $"--web.listen-address=127.0.0.1:{PrometheusPort}"]))
            .WaitForPort(PrometheusPort, TimeSpan.FromSeconds(60));
    }

    private static void Check(ProcessResult result)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.Output);
        }
    }
}
