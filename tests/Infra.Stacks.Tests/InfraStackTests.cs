using Infra.Blueprint.Hosts;
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
    [MemberData(nameof(Stacks))]
    public async Task EveryHostCommandIsDeclaredAsThePlanSpellsIt(string stack)
    {
        var run = await runs.Of(stack);
        var plan = Planner.Build(Repository.Stack(stack));
        var declared = run.OfType("command:remote:Command").Concat(run.OfType("command:local:Command")).ToDictionary(c => c.Name);

        foreach (var command in HostCommands.Of(plan))
        {
            Assert.True(declared.TryGetValue(command.Name, out var resource), $"{stack}: no command {command.Name}");
            var stdin = (string)resource.At("stdin")!;
            var expected = (
                Type: command.Login is null ? "command:local:Command" : "command:remote:Command",
                Create: command.Runner,
                Delete: command.Delete,
                User: command.Login?.User,
                Host: command.Login?.Address,
                HostKey: command.Login is null ? null : StrictMocks.HostKey(command.Host),
                Script: true,
                Environment: true);
            var actual = (
                resource.Type,
                Create: (string?)resource.At("create"),
                Delete: (string?)resource.At("delete"),
                User: (string?)resource.At("connection", "user"),
                Host: (string?)resource.At("connection", "host"),
                HostKey: (string?)resource.At("connection", "hostKey"),
                Script: stdin.EndsWith(plan.File(command.ScriptPath).Content, StringComparison.Ordinal),
                Environment: command.Environment.All(e => stdin.Contains($"export {e.Key}=", StringComparison.Ordinal)) && command.Inputs.Keys.All(k => stdin.Contains($"export {k}=", StringComparison.Ordinal)));
            Assert.True(expected == actual, $"{stack}: {command.Name} is declared as {actual}, the plan says {expected}");
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task TheMigrateJobRunsAfterPostgresAndBeforeTheFirstReplica(string stack)
    {
        var run = await runs.Of(stack);
        var services = run.Component<Services>();

        Assert.True(services.Jobs.ContainsKey(Layout.MigrateJob), $"{stack}: no command runs the migrate job");
        Assert.Contains(Layout.PostgresService, services.Predecessors[Layout.MigrateJob]);
        Assert.True(services.Predecessors[Planner.Build(Repository.Stack(stack)).Layout.AppReplicas[0]].Contains(Layout.MigrateJob), $"{stack}: app-1 does not wait for the migrate job, so a failed migration would not stop the rollout");
        Assert.True((double?)run.OfType("command:remote:Command").Single(c => c.Name == $"services-job-{Layout.MigrateJob}").At("connection", "port") is not null, "the migrate job does not run over SSH on the leader");
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task PerNodeVolumesAreNotPinnedToOneNodesProvider(string stack)
    {
        var run = await runs.Of(stack);
        var perNode = Planner.Build(Repository.Stack(stack)).Volumes.Where(v => v.PerNode).Select(v => v.Name).ToList();

        Assert.NotEmpty(perNode);
        Assert.All(perNode, v => Assert.DoesNotContain(v, run.OfType("docker:index/volume:Volume").Select(d => (string)d.At("name")!)));
        Assert.All(perNode, v => Assert.DoesNotContain(v, run.Component<Volumes>().Protection.Select(p => p.Name)));
        Assert.Equal(perNode.ToHashSet(), run.Component<Volumes>().PerNode);
        var mounters = run.OfType(Service).Where(s => s.ListAt("taskSpec", "containerSpec", "mounts").Cast<IReadOnlyDictionary<string, object>>().Any(m => m.TryGetValue("source", out var source) && perNode.Contains((string)source))).ToList();
        Assert.True(mounters.Count >= 2, $"{stack}: a per-node volume is a rendezvous of two services; {mounters.Count} mount one");
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task StackConfigSecretsReachServicesAsDockerSecretsOnly(string stack)
    {
        var run = await runs.Of(stack);
        var plan = Planner.Build(Repository.Stack(stack));
        var secrets = run.Component<Secrets>();
        var fromConfig = plan.Secrets.Where(s => s.Kind == SecretKind.StackConfig).ToList();

        Assert.NotEmpty(fromConfig);
        foreach (var spec in fromConfig)
        {
            Assert.True(await Output.IsSecretAsync(secrets.Data[spec.Name]), $"Docker secret {spec.Name} (from {spec.From}) is not a Pulumi secret");
            Assert.Equal(StackRun.FakeSecrets[spec.From!], System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(await StackRun.ValueOf(secrets.Data[spec.Name]))));
            var users = plan.Services.Where(s => s.Secrets.Any(m => m.Secret == spec.Name)).ToList();
            Assert.True(users.Count > 0, $"secret {spec.Name} is mounted by no service");
        }
    }

    [Fact]
    public async Task InternalCaKeysArePulumiSecretsAndTheCaOnlySigns()
    {
        var run = await runs.Of("prod");

        var ca = run.OfType("tls:index/selfSignedCert:SelfSignedCert").Single();
        Assert.True(ca.At("isCaCertificate") is true, $"{ca.Urn("prod")} is not a CA certificate");
        Assert.Equal(["cert_signing", "crl_signing"], ca.ListAt("allowedUses").Cast<string>());
        foreach (var (name, key) in run.Component<Infra.Components.Certificates.InternalCa>().PrivateKeyPems)
        {
            Assert.True(await Output.IsSecretAsync(key), $"the private key of certificate {name} is not a Pulumi secret");
        }

        var signed = run.OfType("tls:index/locallySignedCert:LocallySignedCert").Single();
        Assert.Equal((double)(825 * 24), signed.At("validityPeriodHours"));
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
            Assert.True(name == Layout.EdgeService || ports.Count == 0, $"{service.Urn(stack)} publishes {ports.Count} port(s); only the edge may");
            Assert.All(ports, p => Assert.True((string)p["publishMode"] == "host", $"{service.Urn(stack)} publishes {p["publishedPort"]} through the routing mesh; the edge needs host mode to see the client address"));
        }

        Assert.Equal(2, run.OfType(Service).Single(s => (string)s.At("name")! == Layout.EdgeService).ListAt("endpointSpec", "ports").Count);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task AJobRunsAgainWhenASecretItMountsGetsANewValue(string stack)
    {
        var run = await runs.Of(stack);
        var plan = Planner.Build(Repository.Stack(stack));
        // A new value is a new Swarm secret, by name: the job's triggers carry the names, so the roles job sets a
        // rotated password and the migrate job runs with it.
        var swarmNames = run.OfType("docker:index/secret:Secret").ToDictionary(s => s.Name, s => (string)s.Outputs["name"]);

        foreach (var job in plan.Jobs.Where(j => j.Secrets.Count > 0))
        {
            var declared = run.OfType("command:remote:Command").Single(c => c.Name == $"services-job-{job.Name}");
            var triggers = declared.ListAt("triggers").Select(t => t.ToString()).ToList();
            foreach (var mount in job.Secrets)
            {
                var name = swarmNames[$"secrets-{mount.Secret}"];
                Assert.True(triggers.Any(t => t!.Split(',').Contains(name)), $"{declared.Urn(stack)}: its triggers ({string.Join(" ", triggers)}) do not name secret {name}, so a new value of {mount.Secret} would not run it again");
            }
        }
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

        foreach (var job in run.OfType("command:remote:Command").Where(c => c.Name.StartsWith("services-job-", StringComparison.Ordinal)))
        {
            Assert.False(credentials.Any(c => ((string)job.At("stdin")!).Contains(c, StringComparison.Ordinal)), $"{job.Urn(stack)}: the job's script carries a credential");
        }

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
    public async Task StatefulVolumesAndBucketsAreProtectedExactlyWhenTheStackIsProduction(string stack)
    {
        var run = await runs.Of(stack);
        var plan = Planner.Build(Repository.Stack(stack));
        var production = plan.Settings.Production;
        var stateful = plan.Volumes.Where(v => v.Stateful).Select(v => v.Name).Concat(plan.Buckets.Select(b => b.Name)).ToHashSet();

        var protection = run.Component<Volumes>().Protection.Concat(run.Component<Buckets>().Protection).ToList();

        Assert.NotEmpty(protection);
        Assert.All(protection, v => Assert.True(
            (v.Protect, v.RetainOnDelete) == (stateful.Contains(v.Name) && production, stateful.Contains(v.Name) && production),
            $"{(stateful.Contains(v.Name) ? "stateful" : "scratch")} {v.Name} on {v.Location}: protect={v.Protect}, retainOnDelete={v.RetainOnDelete} in a {(production ? "production" : "non-production")} stack"));
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

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task TheRecoveryKitIsASecretOutputWithTheResticPasswordTheRepositoryAndTheS3Keys(string stack)
    {
        var run = await runs.Of(stack);
        var plan = Planner.Build(Repository.Stack(stack));
        var kit = (Output<System.Collections.Immutable.ImmutableDictionary<string, string>>)run.Outputs[Infra.Blueprint.Backups.RecoveryKit.OutputName]!;
        var secrets = run.Component<Infra.Components.Platform.Secrets>();

        Assert.True(await Output.IsSecretAsync(kit), "the recovery kit output is not a Pulumi secret");
        var values = await StackRun.ValueOf(kit);
        Assert.Equal(await StackRun.ValueOf(secrets.Data[Layout.ResticPasswordSecret]), values["RESTIC_PASSWORD"]);
        Assert.Equal(plan.Settings.Backups.ResticRepository(stack), values["RESTIC_REPOSITORY"]);
        Assert.Equal(StackRun.FakeSecrets[Infra.Blueprint.Settings.ConfigKeys.BackupsS3AccessKeyId.FullName], values["AWS_ACCESS_KEY_ID"]);
        Assert.Equal(StackRun.FakeSecrets[Infra.Blueprint.Settings.ConfigKeys.BackupsS3SecretAccessKey.FullName], values["AWS_SECRET_ACCESS_KEY"]);
    }

    // A zone on Flexible would loop the edge's HTTPS redirect; the zone is made strict before any record is proxied.
    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task TheZoneIsStrictHttpsOnlyAndSendsTheEdgesHstsBeforeAnyRecordIsDeclared(string stack)
    {
        var run = await runs.Of(stack);
        var plan = Planner.Build(Repository.Stack(stack));
        var settings = run.OfType("cloudflare:index/zoneSetting:ZoneSetting");
        string? Value(string id) => settings.SingleOrDefault(s => s.At("settingId") as string == id)?.At("value") as string;

        Assert.All(settings, s => Assert.True(s.At("zoneId") as string == plan.Settings.Cloudflare.ZoneId, $"{s.Urn(stack)} is not in zone {plan.Settings.Cloudflare.ZoneId}"));
        Assert.Equal("strict", Value("ssl"));
        Assert.Equal("on", Value("always_use_https"));
        Assert.Equal("1.2", Value("min_tls_version"));
        Assert.Equal("on", Value("tls_1_3"));
        Assert.Equal("on", Value("websockets"));
        // The provider hands ZoneSetting.value (a dynamic value) to Cloudflare's API as is: the nested keys are the API's snake_case
        // names. The camelCase keys of the SDK's own docs example never converge (pulumi/pulumi-cloudflare#1579), and a field left
        // out reads back as a diff on every refresh, so all five are sent.
        var hsts = settings.Single(s => s.At("settingId") as string == "security_header");
        Assert.Equal(new[] { "strict_transport_security" }, ((IReadOnlyDictionary<string, object>)hsts.At("value")!).Keys);
        var sts = (IReadOnlyDictionary<string, object>)hsts.At("value", "strict_transport_security")!;
        Assert.Equal(new[] { "enabled", "include_subdomains", "max_age", "nosniff", "preload" }, sts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(true, sts["enabled"]);
        Assert.Equal(true, sts["include_subdomains"]);
        Assert.Equal(plan.Settings.Edge.HstsMaxAgeSeconds, Convert.ToInt32(sts["max_age"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(plan.Settings.Edge.HstsPreload, sts["preload"]);
        var order = run.Mocks.Declared.Select(d => d.Type).ToList();
        Assert.True(order.LastIndexOf("cloudflare:index/zoneSetting:ZoneSetting") < order.IndexOf("cloudflare:index/dnsRecord:DnsRecord"), "a DNS record was declared before the zone settings it depends on");
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
