using Infra.Blueprint.Platform;
namespace Infra.Blueprint.Data;

/// <summary>
/// Where PgBouncer finds things at run time. <see cref="Swarm"/> is the layout in its container on the Swarm;
/// tests map the rendered file onto loopback.
/// </summary>
/// <param name="ListenAddress">Address it listens on.</param>
/// <param name="Port">Port the app connects to.</param>
/// <param name="ServerHost">Postgres host name.</param>
/// <param name="ServerPort">Postgres port.</param>
/// <param name="AuthFile">The userlist (a Swarm secret: <c>"user" "password"</c>).</param>
/// <param name="PidFile">Pid file; empty for none.</param>
/// <param name="Tls">Whether clients must use TLS (the app reaches it from other hosts).</param>
/// <param name="CertificateFile">Server certificate (PEM), signed by the internal CA.</param>
/// <param name="KeyFile">Its private key (PEM).</param>
public sealed record PgBouncerRuntime(
    string ListenAddress,
    int Port,
    string ServerHost,
    int ServerPort,
    string AuthFile,
    string PidFile,
    bool Tls,
    string CertificateFile,
    string KeyFile)
{
    /// <summary>Port PgBouncer listens on.</summary>
    public const int DefaultPort = 6432;

    /// <summary>The layout in the PgBouncer container on the Swarm.</summary>
    public static PgBouncerRuntime Swarm(bool tls) => new(
        ListenAddress: "0.0.0.0",
        Port: DefaultPort,
        ServerHost: Platform.Layout.PostgresService,
        ServerPort: PostgresRuntime.DefaultPort,
        AuthFile: $"/run/secrets/{Platform.Layout.PgBouncerUserlistSecret}",
        PidFile: "",
        Tls: tls,
        CertificateFile: "/etc/pgbouncer/tls/pgbouncer.crt",
        KeyFile: $"/run/secrets/{Platform.Layout.PgBouncerCertificate}_key");
}
