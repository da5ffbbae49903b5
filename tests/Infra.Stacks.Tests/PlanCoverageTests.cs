using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Infra.Components.Platform;
using Infra.TestKit;
using Pulumi;
using Pulumi.Testing;

namespace Infra.Stacks.Tests;

/// <summary>
/// The Pulumi layer ships everything the plan holds: every collection of <see cref="Plan"/>, every field of
/// <see cref="ServiceSpec"/> and every <see cref="SecretKind"/> has a check here, keyed by name, so a blueprint change
/// the Pulumi layer forgets fails a test instead of silently not deploying.
/// </summary>
[Collection(PulumiCollection.Name)]
public sealed class PlanCoverageTests(StackRuns runs)
{
    private const string Service = "docker:index/service:Service";

    public static TheoryData<string> Stacks => [.. Repository.Stacks];

    // One check per Plan collection: the program declared (or shipped) one thing per planned item.
    private static readonly IReadOnlyDictionary<string, Func<Plan, StackRun, IEnumerable<string>>> Collections = new Dictionary<string, Func<Plan, StackRun, IEnumerable<string>>>
    {
        [nameof(Plan.Hosts)] = (plan, run) => Count("hosts", plan.Hosts.Count, run.OfType("infra:hosts:Host").Count),
        [nameof(Plan.Networks)] = (plan, run) => Count("networks", plan.Networks.Count, run.OfType("docker:index/network:Network").Count),
        [nameof(Plan.Secrets)] = (plan, run) => Count("secrets", plan.Secrets.Count, run.OfType("docker:index/secret:Secret").Count),
        [nameof(Plan.Configs)] = (plan, run) => Count(
            "configs (rendered, plus one per certificate and the internal CA's)",
            plan.Configs.Count + plan.Certificates.Count + (plan.Certificates.Any(c => c.Issuer == CertificateIssuer.InternalCa) ? 1 : 0),
            run.OfType("docker:index/serviceConfig:ServiceConfig").Count),
        [nameof(Plan.Volumes)] = (plan, run) => Count("host-bound volumes", plan.Volumes.Count(v => !v.PerNode), run.OfType("docker:index/volume:Volume").Count)
            .Concat(plan.Volumes.Where(v => v.PerNode && !run.Component<Volumes>().PerNode.Contains(v.Name)).Select(v => $"per-node volume {v.Name} is not known to the services")),
        [nameof(Plan.Services)] = (plan, run) => Count("services", plan.Services.Count, run.OfType(Service).Count),
        [nameof(Plan.DnsRecords)] = (plan, run) => Count("DNS records", plan.DnsRecords.Count, run.OfType("cloudflare:index/dnsRecord:DnsRecord").Count),
        [nameof(Plan.Certificates)] = (plan, run) => Count(
            "certificates",
            plan.Certificates.Count,
            run.OfType("cloudflare:index/originCaCertificate:OriginCaCertificate").Count + run.OfType("tls:index/locallySignedCert:LocallySignedCert").Count),
        [nameof(Plan.FirewallRules)] = (plan, run) => plan.FirewallRules
            .Where(r => !BootstrapScript.UfwRules([r]).All(line => Stdin(run, $"{r.Host}-bootstrap").Contains(line + "\n", StringComparison.Ordinal)))
            .Select(r => $"firewall rule {r.Host} {r.Port}/{r.Protocol} ({r.Purpose}) is not in the host's bootstrap command"),
        [nameof(Plan.Jobs)] = (plan, run) => plan.Jobs
            .Where(j => !Stdin(run, $"services-job-{j.Name}").EndsWith(plan.File(j.ScriptPath).Content, StringComparison.Ordinal))
            .Select(j => $"job {j.Name}: no command on the leader runs {j.ScriptPath}"),
        [nameof(Plan.ZoneSettings)] = (plan, run) => Count("zone settings", plan.ZoneSettings.Count, run.OfType("cloudflare:index/zoneSetting:ZoneSetting").Count),
        [nameof(Plan.Buckets)] = (plan, run) => Count("buckets", plan.Buckets.Count, run.OfType("cloudflare:index/r2Bucket:R2Bucket").Count),
        [nameof(Plan.Files)] = (plan, run) => plan.Files.Where(f => !Shipped(plan, run, f)).Select(f => $"rendered file {f.Path} is not shipped"),
        // The mock engine sees a resource only once what it depends on is registered: registration order follows DependsOn.
        [nameof(Plan.Rollout)] = (plan, run) =>
        {
            var registered = run.Mocks.Declared.Select((d, i) => (d, i)).Where(x => x.d.Type is Service or "command:remote:Command").ToDictionary(x => x.d.Name, x => x.i);
            int At(string step) => registered.TryGetValue($"services-{step}", out var i) ? i : registered.TryGetValue($"services-job-{step}", out var j) ? j : -1;
            return plan.Rollout.SelectMany(step => step.WaitsFor
                .Where(w => At(step.Name) < 0 || At(w) < 0 || At(step.Name) < At(w))
                .Select(w => $"{step.Kind} {step.Name} was registered before {w}, which it waits for (or one of them was not declared)"));
        },
    };

    // One check per ServiceSpec field: the declared Docker service carries it.
    private static readonly IReadOnlyDictionary<string, Func<ServiceSpec, Declared, StackRun, bool>> ServiceFields = new Dictionary<string, Func<ServiceSpec, Declared, StackRun, bool>>
    {
        [nameof(ServiceSpec.Name)] = (s, d, _) => (string?)d.At("name") == s.Name,
        [nameof(ServiceSpec.Image)] = (s, d, _) => (string?)d.At("taskSpec", "containerSpec", "image") == s.Image,
        [nameof(ServiceSpec.Entrypoint)] = (s, d, _) => d.ListAt("taskSpec", "containerSpec", "commands").Cast<string>().SequenceEqual(s.Entrypoint),
        [nameof(ServiceSpec.Command)] = (s, d, _) => d.ListAt("taskSpec", "containerSpec", "args").Cast<string>().SequenceEqual(s.Command),
        [nameof(ServiceSpec.Environment)] = (s, d, _) => Map(d.At("taskSpec", "containerSpec", "env")).OrderBy(e => e.Key).SequenceEqual(s.Environment.Select(e => KeyValuePair.Create(e.Key, (object)e.Value)).OrderBy(e => e.Key)),
        [nameof(ServiceSpec.Networks)] = (s, d, _) => d.ListAt("taskSpec", "networksAdvanceds").Select(n => (string)Map(n)["name"]).SequenceEqual(s.Networks.Select(n => $"networks-{n}_id")),
        [nameof(ServiceSpec.Secrets)] = (s, d, _) => d.ListAt("taskSpec", "containerSpec", "secrets").Select(m => ((string)Map(m)["fileName"], (string)Map(m)["secretId"], (string)Map(m)["fileUid"], Convert.ToInt32(Map(m)["fileMode"], CultureInfo.InvariantCulture)))
            .SequenceEqual(s.Secrets.Select(m => (m.FileName, $"secrets-{m.Secret}_id", m.Uid, m.Mode))),
        [nameof(ServiceSpec.Configs)] = (s, d, _) => d.ListAt("taskSpec", "containerSpec", "configs").Select(m => (string)Map(m)["fileName"]).SequenceEqual(s.Configs.Select(m => m.Target)),
        [nameof(ServiceSpec.Volumes)] = (s, d, _) => Mounts(d, "volume").SequenceEqual(s.Volumes.Select(m => (m.Volume, m.Target, m.ReadOnly))),
        [nameof(ServiceSpec.Ports)] = (s, d, _) => d.ListAt("endpointSpec", "ports").Select(p => Convert.ToInt32(Map(p)["publishedPort"], CultureInfo.InvariantCulture)).SequenceEqual(s.Ports.Select(p => p.Published)),
        [nameof(ServiceSpec.Healthcheck)] = (s, d, _) => d.ListAt("taskSpec", "containerSpec", "healthcheck", "tests").Cast<string>().SequenceEqual(s.Healthcheck.Test),
        [nameof(ServiceSpec.Update)] = (s, d, _) => (string?)d.At("updateConfig", "order") == (s.Update.Order == UpdateOrder.StartFirst ? "start-first" : "stop-first"),
        [nameof(ServiceSpec.Resources)] = (s, d, _) => s.Resources.LimitMemoryMb * 1024L * 1024 > int.MaxValue
            ? d.At("taskSpec", "resources", "limits", "memoryBytes") is null
            : Convert.ToInt64(d.At("taskSpec", "resources", "limits", "memoryBytes"), CultureInfo.InvariantCulture) == s.Resources.LimitMemoryMb * 1024L * 1024,
        [nameof(ServiceSpec.Placement)] = (s, d, _) => d.ListAt("taskSpec", "placement", "constraints").Cast<string>().SequenceEqual(s.Placement),
        [nameof(ServiceSpec.Global)] = (s, d, _) => (d.At("mode", "global") is true) == s.Global,
        [nameof(ServiceSpec.Replicas)] = (s, d, _) => s.Global || Convert.ToInt32(d.At("mode", "replicated", "replicas"), CultureInfo.InvariantCulture) == s.Replicas,
        [nameof(ServiceSpec.StopGraceSeconds)] = (s, d, _) => (string?)d.At("taskSpec", "containerSpec", "stopGracePeriod") == $"{s.StopGraceSeconds}s",
        [nameof(ServiceSpec.StopSignal)] = (s, d, _) => (string?)d.At("taskSpec", "containerSpec", "stopSignal") == s.StopSignal,
        // Swarm has no "stateful" flag: one writer per volume is the stop-first update order.
        [nameof(ServiceSpec.Stateful)] = (s, d, _) => !s.Stateful || (string?)d.At("updateConfig", "order") == "stop-first",
        [nameof(ServiceSpec.After)] = (s, _, run) => s.After.All(a => run.Component<Services>().Predecessors[s.Name].Contains(a)),
        [nameof(ServiceSpec.HostMounts)] = (s, d, _) => Mounts(d, "bind").SequenceEqual((s.HostMounts ?? []).Select(m => (m.Source, m.Target, m.ReadOnly))),
        [nameof(ServiceSpec.Hostname)] = (s, d, _) => (string?)d.At("taskSpec", "containerSpec", "hostname") == s.Hostname,
        [nameof(ServiceSpec.Registry)] = (s, d, _) => s.Registry is null ? d.At("auth") is null : (string?)d.At("auth", "serverAddress") == s.Registry.Server && (string?)d.At("auth", "username") == s.Registry.User,
        [nameof(ServiceSpec.Tmpfs)] = (s, d, _) => d.ListAt("taskSpec", "containerSpec", "mounts").Select(Map).Where(m => (string)m["type"] == "tmpfs")
            .Select(m => ((string)m["target"], Convert.ToInt64(Map(m["tmpfsOptions"])["sizeBytes"], CultureInfo.InvariantCulture)))
            .SequenceEqual(s.Tmpfs.Select(t => (t.Target, t.SizeMb * 1024L * 1024))),
    };

    [Fact]
    public void EveryPlanCollectionHasACheck()
    {
        var collections = typeof(Plan).GetConstructors().Single().GetParameters()
            .Where(p => p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            .Select(p => p.Name!);

        Assert.Empty(collections.Except(Collections.Keys).Select(c => $"Plan.{c} is new: ship it in the Pulumi layer and add its check to {nameof(Collections)}"));
    }

    [Fact]
    public void EveryServiceFieldHasACheck()
    {
        var fields = typeof(ServiceSpec).GetProperties().Select(p => p.Name).ToList();
        Assert.NotEmpty(fields);

        Assert.Empty(fields.Except(ServiceFields.Keys).Select(f => $"ServiceSpec.{f} is new: ship it in Services and add its check to {nameof(ServiceFields)}"));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task TheProgramDeclaresOneResourcePerPlannedItem(string stack)
    {
        var run = await runs.Of(stack);
        var plan = Planner.Build(Repository.Stack(stack));

        Assert.Empty(Collections.SelectMany(c => c.Value(plan, run).Select(problem => $"Plan.{c.Key}: {problem}")));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task EveryServiceCarriesEveryFieldOfItsPlan(string stack)
    {
        var run = await runs.Of(stack);
        var plan = Planner.Build(Repository.Stack(stack));
        var declared = run.OfType(Service).ToDictionary(s => (string)s.At("name")!);

        var problems = from spec in plan.Services
                       from field in ServiceFields
                       where !field.Value(spec, declared[spec.Name], run)
                       select $"{declared[spec.Name].Urn(stack)}: does not carry ServiceSpec.{field.Key} of its plan";

        Assert.Empty(problems);
    }

    [Fact]
    public async Task EverySecretKindBecomesAPulumiSecretDockerSecret()
    {
        var specs = Enum.GetValues<SecretKind>().Select(kind => kind switch
        {
            SecretKind.Password => new SecretSpec("password", kind, Length: 16),
            SecretKind.Derived => new SecretSpec("derived", kind, From: "password", Template: $"{{\"user\":\"{SecretSpec.ValuePlaceholder}\"}}"),
            SecretKind.CertificateKey => new SecretSpec("certificate_key", kind, From: "origin"),
            SecretKind.StackConfig => new SecretSpec("stack_config", kind, From: "infra:some.secret"),
            _ => new SecretSpec(kind.ToString(), kind),
        }).ToList();
        var mocks = new StrictMocks();
        Secrets? secrets = null;

        var error = await Record.ExceptionAsync(() => Deployment.TestAsync(mocks.Engine.Object, new TestOptions { ProjectName = "infra", StackName = "kinds", IsPreview = false }, () =>
        {
            secrets = new Secrets("secrets", new SecretsArgs
            {
                Specs = specs,
                CertificateKeys = new Dictionary<string, Output<string>> { ["origin"] = Output.CreateSecret("KEY") },
                StackConfig = new Dictionary<string, Output<string>> { ["infra:some.secret"] = Output.CreateSecret("from-config") },
            });
            return new Dictionary<string, object?>();
        }));

        Assert.True(error is null, $"a SecretKind is not handled by Secrets: {error}");
        Assert.Equal(specs.Select(s => s.Name), secrets!.Data.Keys);
        foreach (var (name, data) in secrets.Data)
        {
            Assert.True(await Output.IsSecretAsync(data), $"Docker secret {name}: its data is not a Pulumi secret");
        }

        var password = StrictMocks.Password("secrets-password", 16);
        Assert.Equal($"{{\"user\":\"{password}\"}}", Decode(await StackRun.ValueOf(secrets.Data["derived"])));
        Assert.Equal("from-config", Decode(await StackRun.ValueOf(secrets.Data["stack_config"])));
    }

    private static IEnumerable<string> Count(string what, int planned, int declared) =>
        planned == declared ? [] : [$"{planned} {what} planned, {declared} declared"];

    private static IReadOnlyDictionary<string, object> Map(object? node) => node as IReadOnlyDictionary<string, object> ?? ImmutableDictionary<string, object>.Empty;

    private static IEnumerable<(string Source, string Target, bool ReadOnly)> Mounts(Declared service, string type) =>
        service.ListAt("taskSpec", "containerSpec", "mounts").Select(Map).Where(m => (string)m["type"] == type)
            .Select(m => ((string)m["source"], (string)m["target"], m.TryGetValue("readOnly", out var r) && r is true));

    private static string Stdin(StackRun run, string command) =>
        run.OfType("command:remote:Command").SingleOrDefault(c => c.Name == command)?.At("stdin") as string ?? "";

    private static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));

    // Where each rendered file goes: a config, a host's bootstrap, the Swarm scripts, a job, the schedules' installer; the topology report is for people.
    private static bool Shipped(Plan plan, StackRun run, RenderedFile file)
    {
        var configs = run.OfType("docker:index/serviceConfig:ServiceConfig").Select(c => c.At("data") as string).OfType<string>().Select(Decode).ToHashSet();
        var stdins = run.OfType("command:remote:Command").Concat(run.OfType("command:local:Command")).Select(c => c.At("stdin") as string).OfType<string>().ToList();
        return file.Path == "topology.txt"
            || (file.Path.StartsWith("configs/", StringComparison.Ordinal) && configs.Contains(file.Content))
            || stdins.Any(s => s.EndsWith(file.Content, StringComparison.Ordinal))
            // A scheduled task's runner, job script and units travel inside the installer the leader runs.
            || (file.Path.StartsWith("schedules/", StringComparison.Ordinal) && stdins.Any(s => s.Contains(file.Content, StringComparison.Ordinal)))
            || (file.Path == SwarmScripts.JoinPath && plan.Hosts.Count == 1);
    }
}
