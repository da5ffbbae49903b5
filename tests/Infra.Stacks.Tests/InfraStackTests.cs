using Infra.Blueprint.Platform;
using Infra.Components.Hosts;
using Infra.Components.Platform;
using Infra.TestKit;
using Pulumi;

namespace Infra.Stacks.Tests;

[Collection(PulumiCollection.Name)]
public sealed class InfraStackTests(StackRuns runs)
{
    private const string Service = "docker:index/service:Service";

    public static TheoryData<string> Stacks => [.. Repository.Stacks];

    [Theory]
    [InlineData("staging", 1, 3, 5, 5, 3, 2, 1, 4)]
    [InlineData("prod", 5, 11, 7, 5, 3, 2, 2, 4)]
    public async Task TheInventoryIsWhatTheStackPlans(string stack, int hosts, int commands, int services, int secrets, int configs, int volumes, int dnsRecords, int randomPasswordsAndKeys)
    {
        var run = await runs.Of(stack);

        var actual = new
        {
            hosts = run.OfType("infra:hosts:Host").Count,
            commands = run.OfType("command:remote:Command").Count,
            services = run.OfType(Service).Count,
            secrets = run.OfType("docker:index/secret:Secret").Count,
            configs = run.OfType("docker:index/serviceConfig:ServiceConfig").Count,
            volumes = run.OfType("docker:index/volume:Volume").Count,
            dnsRecords = run.OfType("cloudflare:index/dnsRecord:DnsRecord").Count,
            randomPasswordsAndKeys = run.OfType("random:index/randomPassword:RandomPassword").Count + run.OfType("tls:index/privateKey:PrivateKey").Count,
        };

        Assert.Equal(new { hosts, commands, services, secrets, configs, volumes, dnsRecords, randomPasswordsAndKeys }, actual);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task OnlyTheEdgePublishesPortsAndInHostMode(string stack)
    {
        var run = await runs.Of(stack);

        foreach (var service in run.OfType(Service))
        {
            var ports = service.ListAt("endpointSpec", "ports").Cast<IReadOnlyDictionary<string, object>>().ToList();
            var name = (string)service.At("name")!;
            Assert.True(name == Planner.EdgeService || ports.Count == 0, $"{service.Urn(stack)} publishes {ports.Count} port(s); only the edge may");
            Assert.All(ports, p => Assert.True((string)p["publishMode"] == "host", $"{service.Urn(stack)} publishes {p["publishedPort"]} through the routing mesh; the edge needs host mode to see the client address"));
        }

        Assert.Equal(2, run.OfType(Service).Single(s => (string)s.At("name")! == Planner.EdgeService).ListAt("endpointSpec", "ports").Count);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task CredentialsReachServicesOnlyAsDockerSecrets(string stack)
    {
        var run = await runs.Of(stack);
        var credentials = run.OfType("random:index/randomPassword:RandomPassword").Select(p => (string)p.Outputs["result"])
            .Concat(StackRun.FakeSecrets.Values)
            .Concat([StrictMocks.WorkerToken, StrictMocks.ManagerToken])
            .ToList();
        var secretIds = run.OfType("docker:index/secret:Secret").Select(s => $"{s.Name}_id").ToHashSet();

        foreach (var service in run.OfType(Service))
        {
            var env = service.At("taskSpec", "containerSpec", "env") as IReadOnlyDictionary<string, object> ?? new Dictionary<string, object>();
            foreach (var (name, value) in env)
            {
                Assert.False(credentials.Any(c => ((string)value).Contains(c, StringComparison.Ordinal)), $"{service.Urn(stack)}: environment {name} carries a credential");
            }

            foreach (var mount in service.ListAt("taskSpec", "containerSpec", "secrets").Cast<IReadOnlyDictionary<string, object>>())
            {
                Assert.True(secretIds.Contains((string)mount["secretId"]), $"{service.Urn(stack)}: mounts {mount["fileName"]} from {mount["secretId"]}, which is not a declared Docker secret");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task EverySecretValueTheProgramBuildsIsAPulumiSecret(string stack)
    {
        var run = await runs.Of(stack);
        var secrets = run.Component<Secrets>();
        var swarm = run.Component<Swarm>();

        Assert.Equal(Planner.Build(Repository.Stack(stack)).Secrets.Select(s => s.Name), secrets.Data.Keys);
        foreach (var (name, data) in secrets.Data)
        {
            Assert.True(await Output.IsSecretAsync(data), $"Docker secret {name}: its data is not a Pulumi secret");
        }

        Assert.True(await Output.IsSecretAsync(swarm.WorkerToken), "the Swarm worker join token is not a Pulumi secret");
        Assert.True(await Output.IsSecretAsync(swarm.ManagerToken), "the Swarm manager join token is not a Pulumi secret");
        Assert.Equal(StrictMocks.ManagerToken, await StackRun.ValueOf(swarm.ManagerToken));
    }

    [Fact]
    public async Task ProductionRunsAtLeastTwoAppReplicas()
    {
        var run = await runs.Of("prod");

        var replicas = run.OfType(Service).Where(s => ((string)s.At("name")!).StartsWith("app-", StringComparison.Ordinal)).ToList();

        Assert.True(replicas.Count >= 2, $"prod declares {replicas.Count} app replica service(s)");
        Assert.All(replicas, r => Assert.True(Convert.ToInt32(r.At("mode", "replicated", "replicas")) == 1, $"{r.Urn("prod")} is not one task of its own"));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task AppReplicasUpdateStartFirstRollBackAndWaitToConverge(string stack)
    {
        var run = await runs.Of(stack);

        foreach (var app in run.OfType(Service).Where(s => ((string)s.At("name")!).StartsWith("app-", StringComparison.Ordinal)))
        {
            Assert.True((string?)app.At("updateConfig", "order") == "start-first", $"{app.Urn(stack)}: update order is {app.At("updateConfig", "order")}");
            Assert.True((string?)app.At("updateConfig", "failureAction") == "rollback", $"{app.Urn(stack)}: a failed update does not roll back");
            Assert.True(app.At("convergeConfig", "timeout") is string, $"{app.Urn(stack)}: Pulumi does not wait for it to converge, so the next replica would update too early");
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task EveryServiceHasAHealthcheck(string stack)
    {
        var run = await runs.Of(stack);

        foreach (var service in run.OfType(Service))
        {
            Assert.True(service.ListAt("taskSpec", "containerSpec", "healthcheck", "tests").Count >= 2, $"{service.Urn(stack)} has no healthcheck");
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task StatefulVolumesAreProtectedExactlyWhenTheStackIsProduction(string stack)
    {
        var run = await runs.Of(stack);
        var production = Planner.Build(Repository.Stack(stack)).Settings.Production;

        var protection = run.Component<Volumes>().Protection;

        Assert.NotEmpty(protection);
        Assert.All(protection, v => Assert.True(
            (v.Protect, v.RetainOnDelete) == (production, production),
            $"volume {v.Name} on {v.Host}: protect={v.Protect}, retainOnDelete={v.RetainOnDelete} in a {(production ? "production" : "non-production")} stack"));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task TheOutputsNameTheUrlTheImageAndTheHosts(string stack)
    {
        var run = await runs.Of(stack);
        var plan = Planner.Build(Repository.Stack(stack));

        Assert.Equal($"https://{plan.Settings.Domain}", await StackRun.ValueOf((Output<string>)run.Outputs["url"]!));
        Assert.Equal(plan.Settings.App.Image.ToString(), await StackRun.ValueOf((Output<string>)run.Outputs["appImage"]!));
        Assert.Equal(plan.Leader.DockerHost, await StackRun.ValueOf((Output<string>)run.Outputs["leaderDockerHost"]!));
        Assert.Equal(plan.DnsRecords.Select(r => r.Name).Distinct(), await StackRun.ValueOf((Output<System.Collections.Immutable.ImmutableArray<string>>)run.Outputs["dnsNames"]!));
    }

    [Fact]
    public async Task ABrokenStackFailsWithEveryProblemBeforeAnyResourceIsDeclared()
    {
        var mocks = new StrictMocks();
        var broken = Repository.Stack("prod").With("app.replicas", "many").With("cloudflare.zoneId", "not-a-zone");

        var error = await Record.ExceptionAsync(() => StackRun.RunAsync(broken, mocks));

        Assert.NotNull(error);
        Assert.Contains("infra:app.replicas", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("infra:cloudflare.zoneId", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, mocks.NewResourceCalls);
    }

    [Fact]
    public async Task AMissingSecretFailsBeforeAnyResourceIsDeclared()
    {
        var mocks = new StrictMocks();
        var secrets = StackRun.FakeSecrets.Where(s => s.Key != "infra:ssh.privateKey").ToDictionary();

        var error = await Record.ExceptionAsync(() => StackRun.RunAsync(Repository.Stack("staging"), mocks, secrets));

        Assert.NotNull(error);
        Assert.Contains("pulumi config set --secret infra:ssh.privateKey", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, mocks.NewResourceCalls);
    }
}
