using System.Net.Sockets;
using Infra.Blueprint.Data;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Data.Tests.Daemons;

/// <summary>Debian's PgBouncer with the rendered <c>pgbouncer.ini</c>, in front of a <see cref="Postgres"/>, on loopback.</summary>
public sealed class PgBouncerDaemon : IDisposable
{
    private readonly Daemon _daemon;
    private readonly PostgresDaemon _postgres;

    private PgBouncerDaemon(Daemon daemon, PostgresDaemon postgres, int port)
    {
        _daemon = daemon;
        _postgres = postgres;
        Port = port;
    }

    /// <summary>TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Starts PgBouncer as the postgres user (it refuses root); with <paramref name="tls"/>, clients must use TLS.</summary>
    public static PgBouncerDaemon Start(PostgresDaemon postgres, InternalCa.Certificate? tls)
    {
        var pgbouncer = Tools.Require("pgbouncer", "pgbouncer");
        var port = Loopback.FreePort();
        var dir = postgres.Dir;
        var userlist = dir.Write("pgbouncer/userlist.txt", Planner.Build(postgres.Settings).Secrets.Single(s => s.Name == Layout.PgBouncerUserlistSecret).Derive(postgres.AppPassword));
        var runtime = new PgBouncerRuntime("127.0.0.1", port, "127.0.0.1", postgres.Port, userlist, dir.File("pgbouncer/pgbouncer.pid"),
            tls is not null, tls?.CertificateFile ?? "", tls?.KeyFile ?? "");
        var config = dir.Write("pgbouncer/pgbouncer.ini", PgBouncerConfig.Render(postgres.Settings.Postgres, runtime)
            + "admin_users = " + PostgresRoles.App + "\n");
        Tools.Run("chown", ["-R", "postgres:postgres", dir.File("pgbouncer")]);
        if (tls is not null)
        {
            Tools.Run("chown", ["postgres", tls.KeyFile]);
        }

        var daemon = Daemon.Start("pgbouncer", Tools.Require("runuser", "util-linux"), ["-u", "postgres", "--", pgbouncer, config]);
        var bouncer = new PgBouncerDaemon(daemon, postgres, port);
        try
        {
            daemon.WaitUntil(bouncer.Listening, "listening");
            return bouncer;
        }
        catch
        {
            bouncer.Dispose();
            throw;
        }
    }

    /// <summary>Runs SQL through PgBouncer with a libpq connection string; <paramref name="admin"/> targets its admin console.</summary>
    public ProcessResult Psql(string connection, string sql, string? password = null, bool admin = false)
    {
        var target = admin ? System.Text.RegularExpressions.Regex.Replace(connection, @"dbname=\S+", "dbname=pgbouncer") : connection;
        return Tools.Run(Tools.Require("psql", "postgresql-client"), ["-X", "-A", "-t", "-d", target, "-c", sql], TimeSpan.FromMinutes(1),
            environment: new Dictionary<string, string> { ["PGPASSWORD"] = password ?? _postgres.AppPassword, ["PGCONNECT_TIMEOUT"] = "5" });
    }

    /// <summary>Its log.</summary>
    public string Output => _daemon.Output;

    /// <summary>
    /// Sends PgBouncer itself (by its pid file, not the runuser wrapper) the signal Swarm would stop it with, and waits
    /// at most <paramref name="timeout"/> for it to exit; true when it did.
    /// </summary>
    public bool StopWith(string signal, TimeSpan timeout)
    {
        var pid = int.Parse(File.ReadAllText(_postgres.Dir.File("pgbouncer/pgbouncer.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Signals.Send(pid, Signals.Named(signal));
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!_daemon.Running)
            {
                return true;
            }

            Thread.Sleep(100);
        }

        return false;
    }

    private bool Listening()
    {
        try
        {
            using var client = new TcpClient("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _daemon.Dispose();
}
