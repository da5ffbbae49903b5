using Infra.Blueprint.Data;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.Contract;
using Infra.Data.Tests.Daemons;
using Infra.TestKit;
using Npgsql;

namespace Infra.Data.Tests.Data;

public sealed class PgBouncerConfigDaemonTests
{
    private static readonly StackSettings Staging = Repository.Stack("staging").ToSettings(checkSecrets: false);

    [Fact]
    public void TheAppsConnectionGoesThroughPgBouncerToPostgres()
    {
        using var postgres = PostgresDaemon.Start(Staging, ["127.0.0.1/32"]);
        using var bouncer = PgBouncerDaemon.Start(postgres, tls: null);
        var staging = Planner.Build(Repository.Stack("staging"));
        var app = staging.Service(staging.Layout.AppReplicas[0]).Environment;
        Assert.Equal((Layout.PgBouncerService, PgBouncerRuntime.DefaultPort.ToString()), (app[AppContract.Env.PostgresHost], app[AppContract.Env.PostgresPort]));

        // The app's parameters, with the service name mapped onto loopback: through PgBouncer, into Postgres.
        var result = bouncer.Psql($"host=127.0.0.1 port={bouncer.Port} dbname={app[AppContract.Env.PostgresDatabase]} user={app[AppContract.Env.PostgresUser]} sslmode={app[AppContract.Env.PostgresSslMode]}",
            "SELECT current_setting('port')");

        Assert.True(result.ExitCode == 0, result.Output + bouncer.Output);
        Assert.Equal(postgres.Port.ToString(), result.Stdout.Trim());
    }

    [Fact]
    public void PgBouncerPoolsPerTransactionWithinTheConfiguredLimits()
    {
        using var postgres = PostgresDaemon.Start(Staging, ["127.0.0.1/32"]);
        using var bouncer = PgBouncerDaemon.Start(postgres, tls: null);
        var connection = $"host=127.0.0.1 port={bouncer.Port} dbname={Staging.Postgres.Database} user={PostgresRoles.App}";

        var config = bouncer.Psql(connection, "SHOW CONFIG", admin: true);

        Assert.True(config.ExitCode == 0, config.Output + bouncer.Output);
        Assert.Contains("pool_mode|transaction|", config.Stdout);
        Assert.Contains($"default_pool_size|{Staging.Postgres.PoolSize}|", config.Stdout);
        Assert.Contains($"max_client_conn|{Staging.Postgres.MaxClientConnections}|", config.Stdout);
        Assert.Contains("auth_type|scram-sha-256|", config.Stdout);
    }

    [Fact]
    public async Task AtItsStopSignalPgBouncerFinishesTheRunningTransactionAndExitsThoughAPooledClientStaysConnected()
    {
        using var postgres = PostgresDaemon.Start(Staging, ["127.0.0.1/32"]);
        using var bouncer = PgBouncerDaemon.Start(postgres, tls: null);
        var signal = Planner.Build(Repository.Stack("staging")).Service(Layout.PgBouncerService).StopSignal ?? "SIGTERM";
        var connection = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = bouncer.Port,
            Database = Staging.Postgres.Database,
            Username = PostgresRoles.App,
            Password = postgres.AppPassword,
            Pooling = false,
            NoResetOnClose = true,
        }.ConnectionString;

        // What a replica's pool holds: one idle connection that never disconnects, and one in a transaction.
        await using var idle = new NpgsqlConnection(connection);
        await idle.OpenAsync();
        await using (var ping = new NpgsqlCommand("SELECT 1", idle))
        {
            await ping.ExecuteScalarAsync();
        }

        await using var busy = new NpgsqlConnection(connection);
        await busy.OpenAsync();
        await using var transaction = await busy.BeginTransactionAsync();
        var running = Task.Run(async () =>
        {
            await using var sleep = new NpgsqlCommand("SELECT pg_sleep(2)", busy, transaction);
            await sleep.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        });
        await Task.Delay(500);

        // SIGTERM is 1.18's immediate shutdown (the transaction is cut) and, since 1.23, a wait for every client to leave
        // (the idle one never does): either way the stop fails. The safe shutdown lets the transaction commit, then exits.
        var exited = bouncer.StopWith(signal, TimeSpan.FromSeconds(20));
        var committed = await Record.ExceptionAsync(() => running);

        Assert.True(committed is null, $"PgBouncer on {signal} cut the running transaction: {committed?.Message}\n{bouncer.Output}");
        Assert.True(exited, $"PgBouncer did not exit within 20 s of {signal} while a pooled client stayed connected\n{bouncer.Output}");
    }

    [Fact]
    public void AWrongPasswordIsRefusedByPgBouncer()
    {
        using var postgres = PostgresDaemon.Start(Staging, ["127.0.0.1/32"]);
        using var bouncer = PgBouncerDaemon.Start(postgres, tls: null);

        var result = bouncer.Psql($"host=127.0.0.1 port={bouncer.Port} dbname={Staging.Postgres.Database} user={PostgresRoles.App}", "SELECT 1", password: "wrong");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("SASL authentication failed", result.Output);
    }

    [Fact]
    public void AcrossHostsPgBouncerRequiresTlsAndTheAppVerifiesItAgainstTheInternalCa()
    {
        var prod = Planner.Build(Repository.Stack("prod"));
        var app = prod.Service(prod.Layout.AppReplicas[0]).Environment;
        Assert.Equal("verify-full", app[AppContract.Env.PostgresSslMode]);
        Assert.Contains(prod.Certificates, c => c.Name == Layout.PgBouncerCertificate && c.Issuer == CertificateIssuer.InternalCa && c.Hostnames.Contains(Layout.PgBouncerService));

        using var postgres = PostgresDaemon.Start(Staging, ["127.0.0.1/32"]);
        using var pki = new TempDirectory("pki");
        var tls = InternalCa.Issue(pki, Layout.PgBouncerService);
        using var bouncer = PgBouncerDaemon.Start(postgres, tls);
        var connection = $"host={Layout.PgBouncerService} hostaddr=127.0.0.1 port={bouncer.Port} dbname={Staging.Postgres.Database} user={PostgresRoles.App}";

        var verified = bouncer.Psql($"{connection} sslmode={app[AppContract.Env.PostgresSslMode]} sslrootcert={tls.CaFile}", "SELECT 'tls'");
        var plain = bouncer.Psql($"{connection} sslmode=disable", "SELECT 'plain'");
        var otherCa = bouncer.Psql($"{connection} sslmode=verify-full sslrootcert={InternalCa.Issue(pki, "elsewhere", "other").CaFile}", "SELECT 'other'");

        Assert.True(verified.ExitCode == 0, verified.Output + bouncer.Output);
        Assert.NotEqual(0, plain.ExitCode);
        Assert.Contains("SSL required", plain.Output);
        Assert.NotEqual(0, otherCa.ExitCode);
        Assert.Contains("certificate verify failed", otherCa.Output);
    }
}
