using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Infra.Blueprint.Platform;
using Infra.Contract;
using Xunit.Abstractions;

namespace Infra.Swarm.Tests;

/// <summary>
/// Updates of the data services on the five-node prod Swarm, where the replicas reach PgBouncer on db-1 across hosts over
/// TLS: Postgres keeps its data and no replica is replaced for it; a PgBouncer update fails no read. Each release is
/// built on db-1 and pushed to the run's shared registry, as a new digest of the same image.
/// </summary>
[Collection(ProdSwarmCollection.Name)]
public sealed class ProdDataTests(ProdSwarmFixture fixture, ITestOutputHelper output)
{
    // Found on this Swarm: the replicas' healthcheck probed readiness, which fails while Postgres is away, so a Postgres
    // update turned every replica unhealthy and Swarm replaced them all (and the edge, which resolved them at start under
    // dnsrr, answered 504 from then on). The healthcheck now probes /health/started (app/CONTRACT.md): a started replica
    // rides out the database's absence and serves again when it is back.
    [Fact]
    public async Task APostgresUpdateKeepsItsDataAndReplacesNoAppReplica()
    {
        var marker = $"survives-{Guid.NewGuid():N}";
        var (db, before) = await fixture.Deployer.Locate(Layout.PostgresService);
        Psql(db, before, $"CREATE TABLE IF NOT EXISTS infra_swarm_marker (v text); INSERT INTO infra_swarm_marker VALUES ('{marker}');");
        var replicas = fixture.Plan.Layout.AppReplicas;
        var tasks = new Dictionary<string, List<string>>();
        foreach (var replica in replicas)
        {
            tasks[replica] = await fixture.RunningTasks(replica);
        }

        var image = fixture.Plan.Service(Layout.PostgresService).Image;
        var release = Variants.Push(db, fixture.Deployer.ImageMap[image], "postgres:next", "LABEL infra-swarm.release=next", fixture.Registry);
        var deployer = fixture.Deployer.WithImage(image, release);
        var step = fixture.Deployment.Step(Layout.PostgresService);

        // The same record on a new digest: Swarm replaces the task stop-first on the same volume, on the same host.
        var clock = Stopwatch.StartNew();
        await deployer.Update(step.Spec);
        await deployer.WaitConverged(Layout.PostgresService, 1, step.ConvergeTimeoutSeconds);
        var converged = clock.Elapsed;
        var (node, after) = await fixture.Deployer.Locate(Layout.PostgresService);
        Assert.NotEqual(before, after);
        Assert.Equal(db.Hostname, node.Hostname);
        Assert.Contains(marker, Psql(node, after, "SELECT v FROM infra_swarm_marker;"), StringComparison.Ordinal);

        // A write and its read through the edge: the database path, not a cached answer.
        using var client = Edge.Client(fixture.Leader, fixture.Plan.Settings.Domain);
        var served = await Poll.Until(() => WriteAndRead(client), TimeSpan.FromSeconds(60));
        output.WriteLine($"Postgres update: converged after {converged.TotalSeconds:F0} s; a write and its read through the edge {(served is null ? "never succeeded" : $"succeeded {served.Value.TotalSeconds:F0} s after that")}");
        Assert.True(served is not null, "60 s after the Postgres update converged, a write and its read through the edge still failed");
        foreach (var replica in replicas)
        {
            var now = await fixture.RunningTasks(replica);
            Assert.True(now.SequenceEqual(tasks[replica]), $"{replica}: its task was replaced during the Postgres update ([{string.Join(", ", tasks[replica])}] → [{string.Join(", ", now)}]): a database update must not restart the app");
        }
    }

    // The first real run lost one request per replica to a PgBouncer update; the app now empties its pool on the first
    // broken connection and retries the read (app/Infra.App/Data/BrokenConnections.cs). The replicas are not replaced,
    // so the edge's dnsrr stand-in plays no part.
    [Fact]
    public async Task APgBouncerUpdateFailsNoReadThroughTheEdge()
    {
        var image = fixture.Plan.Service(Layout.PgBouncerService).Image;
        var (db, before) = await fixture.Deployer.Locate(Layout.PgBouncerService);
        var release = Variants.Push(db, fixture.Deployer.ImageMap[image], "pgbouncer:next", "LABEL infra-swarm.release=next", fixture.Registry);
        var deployer = fixture.Deployer.WithImage(image, release);
        var step = fixture.Deployment.Step(Layout.PgBouncerService);

        using var load = new EdgeLoad(fixture.Leader, fixture.Plan.Settings.Domain);
        // Every replica's pool holds connections through the old PgBouncer before it goes.
        await Task.Delay(5000);
        await deployer.Update(step.Spec);
        await deployer.WaitConverged(Layout.PgBouncerService, 1, step.ConvergeTimeoutSeconds);
        await Task.Delay(5000);
        var counts = await load.Stop();
        output.WriteLine($"PgBouncer update: {counts}");

        Assert.NotEqual(before, (await fixture.Deployer.Locate(Layout.PgBouncerService)).Container);
        Assert.True(counts.Sent > 0, "no request was sent through the edge during the PgBouncer update");
        Assert.True(counts.Failed == 0, $"{counts} through the edge across a PgBouncer update (each replica's pooled connections were closed by it)");
    }

    // A write and then its read answered 2xx (a replica or the edge not answering yet counts as not yet).
    private static async Task<bool> WriteAndRead(HttpClient client)
    {
        try
        {
            using var created = await client.PostAsJsonAsync("/api/tasks", new { title = "written after a Postgres update" });
            if (!created.IsSuccessStatusCode)
            {
                return false;
            }

            var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
            using var read = await client.GetAsync($"/api/tasks/{id}");
            return read.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private string Psql(SwarmNode node, string container, string sql)
    {
        var settings = fixture.Plan.Settings.Postgres;
        return node.ExecIn(container, ["psql", "-v", "ON_ERROR_STOP=1", "-qtA", "-h", "/var/run/postgresql", "-U", settings.User, "-d", settings.Database, "-c", sql], user: "postgres",
            environment: new Dictionary<string, string> { ["PGPASSWORD"] = fixture.SecretValues[AppContract.Secrets.PostgresPassword] }).Stdout;
    }
}
