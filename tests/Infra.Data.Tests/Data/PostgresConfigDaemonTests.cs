using Infra.Blueprint.Data;
using Infra.Blueprint.Platform;
using Infra.Data.Tests.Daemons;
using Infra.TestKit;

namespace Infra.Data.Tests.Data;

public sealed class PostgresConfigDaemonTests
{
    private static readonly Blueprint.Settings.StackSettings Staging = Repository.Stack("staging").ToSettings(checkSecrets: false);

    [Fact]
    public void PostgresRunsWithTheRenderedConfigAndItsSizing()
    {
        using var postgres = PostgresDaemon.Start(Staging, ["127.0.0.1/32"]);

        var result = postgres.Psql("SELECT current_setting('password_encryption') || ' ' || current_setting('shared_buffers') || ' ' || current_setting('max_connections') || ' ' || current_setting('log_min_duration_statement')");

        Assert.True(result.ExitCode == 0, result.Output + postgres.Log);
        Assert.Equal($"scram-sha-256 {PostgresConfig.MemoryBudgetMb(Staging) / 4}MB {Staging.Postgres.MaxConnections} {Staging.Postgres.SlowQueryMs}ms", result.Stdout.Trim());
    }

    [Fact]
    public void ALoginWhosePasswordIsNotScramIsRefused()
    {
        using var postgres = PostgresDaemon.Start(Staging, ["127.0.0.1/32"]);
        var created = postgres.Psql("SET password_encryption = 'md5'; CREATE ROLE legacy LOGIN PASSWORD 'legacy-password'");
        Assert.True(created.ExitCode == 0, created.Output);

        var login = postgres.Psql("SELECT 1", user: "legacy", password: "legacy-password");

        Assert.NotEqual(0, login.ExitCode);
        Assert.Contains("password authentication failed", login.Output);
    }

    [Fact]
    public void AWrongPasswordIsRefused()
    {
        using var postgres = PostgresDaemon.Start(Staging, ["127.0.0.1/32"]);

        var login = postgres.Psql("SELECT 1", password: "not-the-password");

        Assert.NotEqual(0, login.ExitCode);
        Assert.Contains("password authentication failed", login.Output);
    }

    [Fact]
    public void ALoginFromOutsideTheBackendNetworkIsRefused()
    {
        // The pg_hba.conf the plan ships: only the backend overlay's subnet; loopback is outside it.
        using var postgres = PostgresDaemon.Start(Staging, [Layout.BackendSubnet]);

        var login = postgres.Psql("SELECT 1");

        Assert.NotEqual(0, login.ExitCode);
        Assert.Contains("no pg_hba.conf entry for host \"127.0.0.1\"", login.Output);
    }

    [Fact]
    public void TheShippedHbaFileAllowsExactlyTheBackendSubnet()
    {
        var plan = Planner.Build(Repository.Stack("prod"));

        var hba = plan.Configs.Single(c => c.Key == "pg_hba.conf").Content;

        Assert.Equal(Layout.BackendSubnet, plan.Network(Layout.BackendNetwork).Subnet);
        var hostLines = hba.Split('\n').Where(l => l.StartsWith("host", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(hostLines);
        Assert.All(hostLines, l => Assert.Contains(Layout.BackendSubnet, l));
        Assert.All(hba.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')), l => Assert.EndsWith("scram-sha-256", l));
    }
}
