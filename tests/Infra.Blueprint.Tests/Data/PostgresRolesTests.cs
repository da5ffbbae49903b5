using Infra.Blueprint.Data;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Data;

public sealed class PostgresRolesTests
{
    public static TheoryData<string> Stacks => [.. Repository.Stacks];

    [Theory]
    [MemberData(nameof(Stacks))]
    public void OnlyPostgresAndTheRolesJobHoldTheSuperusersPassword(string stack)
    {
        var plan = Plans.Of(stack);
        var holders = plan.Services.Where(s => s.Secrets.Any(m => m.Secret == PostgresRoles.SuperuserSecret)).Select(s => s.Name)
            .Concat(plan.Jobs.Where(j => j.Secrets.Any(m => m.Secret == PostgresRoles.SuperuserSecret)).Select(j => j.Name))
            .Order(StringComparer.Ordinal);

        Assert.Equal([Layout.PostgresService, PostgresRoles.Job], holders);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void EveryClientLogsInAsItsOwnRole(string stack)
    {
        var plan = Plans.Of(stack);
        var superuser = plan.Layout.Settings.Postgres.User;
        var users = plan.Services.Select(s => (s.Name, s.Environment)).Concat(plan.Jobs.Select(j => (j.Name, j.Environment)))
            .SelectMany(x => x.Environment.Where(e => e.Key is "POSTGRES_USER" or "DATA_SOURCE_USER").Select(e => (x.Name, e.Key, e.Value)))
            .Where(x => x.Name != Layout.PostgresService) // the image's POSTGRES_USER names the superuser it creates
            .ToList();

        Assert.NotEmpty(users);
        Assert.All(users, u => Assert.True(u.Value != superuser, $"{stack}: {u.Name} logs in as the superuser {superuser} ({u.Key})"));
        Assert.Contains((Layout.PostgresExporterService, "DATA_SOURCE_USER", PostgresRoles.Monitor), users);
        Assert.Contains((Layout.MigrateJob, "POSTGRES_USER", PostgresRoles.App), users);
        Assert.Contains($"\"{PostgresRoles.App}\" ", plan.Secrets.Single(s => s.Name == Layout.PgBouncerUserlistSecret).Template, StringComparison.Ordinal);
        Assert.Contains($"\"${{PGUSER:={PostgresRoles.Backup}}}\"", plan.Configs.Single(c => c.Key == "backup.sh").Content, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void TheRolesJobRunsAfterPostgresAndBeforeEveryClient(string stack)
    {
        var plan = Plans.Of(stack);
        var job = plan.Jobs.Single(j => j.Name == PostgresRoles.Job);

        Assert.Equal([Layout.PostgresService], job.After);
        Assert.Contains(Layout.PgBouncerService, job.Gates);
        Assert.Contains(Layout.PostgresExporterService, job.Gates);
        Assert.Contains(Layout.BackupService, job.Gates);
        var order = plan.Rollout.Select(s => s.Name).ToList();
        Assert.True(order.IndexOf(PostgresRoles.Job) < order.IndexOf(Layout.MigrateJob), $"{stack}: the migrate job runs before the roles exist: {string.Join(", ", order)}");
    }
}
