using System.Globalization;
using Infra.Blueprint.Platform;
using Infra.Contract;

namespace Infra.Blueprint.Data;

/// <summary>
/// PgBouncer in front of Postgres, on the db host: the address the app connects to, over TLS (internal CA) when the
/// app runs on other hosts. Stateless: a new PgBouncer starts before the old one stops.
/// </summary>
public static class PgBouncer
{
    /// <summary>Where the rendered <c>pgbouncer.ini</c> is mounted.</summary>
    public const string ConfigPath = "/etc/pgbouncer/pgbouncer.ini";

    /// <summary>
    /// PgBouncer's safe shutdown: it stops listening, waits until every server connection is released (running
    /// transactions finish), then exits; a pooled client that queries again is disconnected and reconnects to the new
    /// PgBouncer. SIGTERM (Docker's default) is the "super safe" one since 1.23: it waits for every client to disconnect,
    /// which the app's pooled connections never do, so the stop grace would end in SIGKILL mid-transaction.
    /// </summary>
    public const string StopSignal = "SIGINT";

    /// <summary>PgBouncer's part of the plan.</summary>
    public static PlanPart Plan(Layout layout)
    {
        var settings = layout.Settings;
        var tls = layout.AppCrossesHosts;
        var runtime = PgBouncerRuntime.Swarm(tls);
        var ini = new ConfigFileSpec("pgbouncer.ini", PgBouncerConfig.Render(settings.Postgres, runtime));
        var secrets = new List<SecretSpec>
        {
            new(Layout.PgBouncerUserlistSecret, SecretKind.Derived, From: PostgresRoles.AppSecret, Template: PgBouncerConfig.UserlistTemplate()),
        };
        var mounts = new List<SecretMount> { new(Layout.PgBouncerUserlistSecret, Layout.PgBouncerUserlistSecret, Uid: Postgres.Uid) };
        var configs = new List<ConfigMount> { new(ini.Key, ConfigPath) };
        var certificates = new List<CertificateSpec>();
        if (tls)
        {
            var certificate = new CertificateSpec(Layout.PgBouncerCertificate, [Layout.PgBouncerService], ValidityDays: 825, KeyAlgorithm: "ECDSA", Issuer: CertificateIssuer.InternalCa);
            certificates.Add(certificate);
            secrets.Add(new SecretSpec(certificate.KeySecretName, SecretKind.CertificateKey, From: certificate.Name));
            mounts.Add(new SecretMount(certificate.KeySecretName, certificate.KeySecretName, Uid: Postgres.Uid));
            configs.Add(new ConfigMount(certificate.ConfigKey, runtime.CertificateFile));
        }

        return new PlanPart
        {
            Secrets = secrets,
            Certificates = certificates,
            Configs = [ini],
            Services =
            [
                new ServiceSpec
                {
                    Name = Layout.PgBouncerService,
                    Image = Images.PgBouncer.ToString(),
                    Command = ["pgbouncer", ConfigPath],
                    Networks = [Layout.BackendNetwork],
                    Secrets = mounts,
                    Configs = configs,
                    Healthcheck = new Healthcheck(["CMD-SHELL", $"nc -z 127.0.0.1 {PgBouncerRuntime.DefaultPort} || exit 1"], 5, 3, 3, 5),
                    // Stateless: a new PgBouncer starts before the old one stops; clients reconnect through the VIP.
                    Update = new UpdatePolicy(UpdateOrder.StartFirst, Parallelism: 1, DelaySeconds: 5, MonitorSeconds: 20, RollbackOnFailure: true, ConvergeTimeoutSeconds: 300),
                    Resources = new Resources(1, 128, 32),
                    Placement = [Layout.Constraint("db")],
                    StopSignal = StopSignal,
                    // Running transactions finish within it; past it, Swarm kills what is left.
                    StopGraceSeconds = 30,
                    After = [Layout.PostgresService],
                },
            ],
        };
    }

    /// <summary>The environment through which a replica reaches the database: PgBouncer, with TLS when it crosses hosts.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ClientEnvironment(Layout layout) =>
    [
        new(AppContract.Env.PostgresHost, Layout.PgBouncerService),
        new(AppContract.Env.PostgresPort, PgBouncerRuntime.DefaultPort.ToString(CultureInfo.InvariantCulture)),
        new(AppContract.Env.PostgresSslMode, layout.AppCrossesHosts ? "verify-full" : "disable"),
        new(AppContract.Env.PostgresSslRootCertFile, layout.AppCrossesHosts ? Layout.InternalCaPath : ""),
    ];
}
