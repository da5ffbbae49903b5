using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Swarm;

namespace Infra.Swarm.Tests;

/// <summary>
/// Deploys the blueprint's Swarm records onto a Swarm through the Engine API, in rollout order, waiting for each
/// service to converge as the Pulumi layer does; runs each job through its rendered script on the leader.
/// The only changes made to a record (<see cref="Body"/>): images through <see cref="ImageMap"/> (stand-ins built from
/// Debian packages, by digest from the node's registry), the endpoint mode <c>dnsrr</c> (this kernel has no IPVS,
/// so Swarm's virtual IPs do not route), and <see cref="AddedConfigs"/> (the backup's trust store: the test bucket's
/// CA); and nginx.conf rendered with the tests' address as the one trusted proxy (<see cref="SwarmFixture"/>: the edge
/// admits only Cloudflare's ranges). docs/swarm.md lists them.
/// </summary>
public sealed partial class Deployer(SwarmNode leader, Plan plan, SwarmDeployment deployment, IReadOnlyDictionary<string, string> imageMap)
{
    private Dictionary<string, (string Id, string Name)> secrets = [];
    private Dictionary<string, (string Id, string Name)> configs = [];
    private Dictionary<string, string> networks = [];
    private Dictionary<string, SwarmServiceSpec> current = [];
    private Dictionary<string, SwarmServiceSpec> previous = [];

    /// <summary>The same deployer with another image map (a release: the new pinned image → its stand-in).</summary>
    public Deployer WithImages(IReadOnlyDictionary<string, string> images) => WithRelease(plan, images);

    /// <summary>
    /// The same deployer with one image more or changed in its map (<paramref name="pinned"/> → <paramref name="standIn"/>),
    /// deploying <paramref name="release"/>'s records if given (a release with a new pinned image), else this plan's.
    /// </summary>
    public Deployer WithImage(string pinned, string standIn, Plan? release = null) =>
        WithRelease(release ?? plan, new Dictionary<string, string>(ImageMap) { [pinned] = standIn });

    /// <summary>
    /// The same Swarm and objects, deploying the records of <paramref name="release"/> (the stack with new settings, e.g.
    /// a new app image) with <paramref name="images"/>: what the next <c>pulumi up</c> applies.
    /// </summary>
    public Deployer WithRelease(Plan release, IReadOnlyDictionary<string, string> images) =>
        new(leader, release, SwarmServiceSpecs.For(release), images)
        {
            secrets = secrets, configs = configs, networks = networks, current = current, previous = previous, Nodes = Nodes, AddedConfigs = AddedConfigs,
            Timeline = Timeline, JobOutput = JobOutput, FirstProbes = FirstProbes,
        };

    /// <summary>Every node of the Swarm (the leader alone unless set): where a task's container and a volume's host are.</summary>
    public IReadOnlyList<SwarmNode> Nodes { get; init; } = [leader];

    /// <summary>Configs mounted in a service's task beside its planned ones, by service name (created as produced configs).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ConfigReference>> AddedConfigs { get; init; } = new Dictionary<string, IReadOnlyList<ConfigReference>>();

    /// <summary>The record each service last received (its creation, or the latest release), by service name.</summary>
    public IReadOnlyDictionary<string, SwarmServiceSpec> Current => current;

    /// <summary>Pinned image → stand-in reference (<c>127.0.0.1:5000/name@sha256:…</c>).</summary>
    public IReadOnlyDictionary<string, string> ImageMap => imageMap;

    /// <summary>When each step started and finished converging (or completed), by step name.</summary>
    public Dictionary<string, (DateTime Started, DateTime Done)> Timeline { get; private init; } = [];

    /// <summary>What each job's script printed, by job name.</summary>
    public Dictionary<string, string> JobOutput { get; private init; } = [];

    /// <summary>The healthcheck results Docker kept when each service first converged (its first probes), by service.</summary>
    public Dictionary<string, string> FirstProbes { get; private init; } = [];

    /// <summary>The Swarm name of each secret, by symbolic name.</summary>
    public IReadOnlyDictionary<string, (string Id, string Name)> Secrets => secrets;

    /// <summary>Creates the plan's networks, secrets (with the given values), configs (plus produced ones) and volumes.</summary>
    public async Task CreateObjects(IReadOnlyDictionary<string, string> secretValues, IReadOnlyDictionary<string, string> producedConfigs, IReadOnlyDictionary<string, string>? overrides = null)
    {
        foreach (var n in plan.Networks)
        {
            var body = new JsonObject
            {
                ["Name"] = n.Name,
                ["Driver"] = "overlay",
                ["Internal"] = n.Internal,
                ["Attachable"] = false,
                ["CheckDuplicate"] = true,
            };
            if (n.Subnet is not null)
            {
                body["IPAM"] = new JsonObject { ["Config"] = new JsonArray(new JsonObject { ["Subnet"] = n.Subnet }) };
            }

            // No "encrypted" option: this kernel has no ESP (the plan encrypts only across hosts; staging has one).
            networks[n.Name] = (string)(await leader.Api.Post("networks/create", body))!["Id"]!;
        }

        foreach (var s in plan.Secrets)
        {
            var name = SwarmName(s.Name);
            var id = (string)(await leader.Api.Post("secrets/create", new JsonObject
            {
                ["Name"] = name,
                ["Data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(secretValues[s.Name])),
            }))!["ID"]!;
            secrets[s.Name] = (id, name);
        }

        foreach (var (key, name, content) in plan.Configs.Select(c => (c.Key, c.Name, overrides?.GetValueOrDefault(c.Key) ?? c.Content))
            .Concat(producedConfigs.Select(p => (p.Key, $"{p.Key.Replace('.', '-')}-produced", p.Value))))
        {
            var id = (string)(await leader.Api.Post("configs/create", new JsonObject
            {
                ["Name"] = name,
                ["Data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(content)),
            }))!["ID"]!;
            configs[key] = (id, name);
        }

        foreach (var v in plan.Volumes.Where(v => !v.PerNode))
        {
            var node = Nodes.FirstOrDefault(n => n.Hostname == v.Host) ?? leader;
            await node.Api.Post("volumes/create", new JsonObject { ["Name"] = v.Name, ["Driver"] = "local" });
        }
    }

    /// <summary>The Engine API body of <paramref name="spec"/>: its JSON, ids resolved, and the documented overrides.</summary>
    public JsonObject Body(SwarmServiceSpec spec)
    {
        var body = JsonNode.Parse(SwarmJson.Serialize(spec))!.AsObject();
        var container = body["TaskTemplate"]!["ContainerSpec"]!;
        var image = (string)container["Image"]!;
        container["Image"] = imageMap.TryGetValue(image, out var mapped) ? mapped : throw new InvalidOperationException($"service {spec.Name}: no stand-in for {image}");
        foreach (var secret in container["Secrets"]!.AsArray())
        {
            var (id, name) = secrets[(string)secret!["SecretName"]!];
            secret["SecretID"] = id;
            secret["SecretName"] = name;
        }

        foreach (var added in AddedConfigs.GetValueOrDefault(spec.Name) ?? [])
        {
            container["Configs"]!.AsArray().Add(System.Text.Json.JsonSerializer.SerializeToNode(added, SwarmJson.Options));
        }

        foreach (var config in container["Configs"]!.AsArray())
        {
            var (id, name) = configs[(string)config!["ConfigName"]!];
            config["ConfigID"] = id;
            config["ConfigName"] = name;
        }

        foreach (var network in body["TaskTemplate"]!["Networks"]!.AsArray())
        {
            network!["Target"] = networks[(string)network["Target"]!];
        }

        body["EndpointSpec"]!["Mode"] = "dnsrr";
        return body;
    }

    /// <summary>
    /// Deploys every step as the Pulumi engine deploys the components: each starts as soon as every step it waits for is
    /// done (the components' <c>DependsOn</c>), steps with nothing between them at once; returns once every step is
    /// done, and fails with the first step that failed (the steps waiting for it never start).
    /// </summary>
    public async Task DeployAll(IEnumerable<string>? skip = null)
    {
        var skipped = (skip ?? []).ToHashSet();
        var steps = deployment.Steps.Where(s => !skipped.Contains(s.Step.Name)).ToList();
        var before = new HashSet<string>();
        foreach (var step in steps)
        {
            var missing = step.Step.WaitsFor.Where(w => !before.Contains(w) && !skipped.Contains(w) && !Done(w)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException($"step {step.Step.Name}: waits for {string.Join(", ", missing)}, not done");
            }

            before.Add(step.Step.Name);
        }

        await InRolloutOrder(steps, Deploy);
    }

    /// <summary>
    /// Runs <paramref name="run"/> for each of <paramref name="steps"/> as soon as every step it waits for that is among
    /// them has finished, as the Pulumi engine orders the components' <c>DependsOn</c>: steps with nothing between them
    /// at once. <see cref="DeployAll"/> deploys with it, <see cref="Rotate"/> redeploys.
    /// </summary>
    private static async Task InRolloutOrder(IReadOnlyList<SwarmStep> steps, Func<SwarmStep, Task> run)
    {
        var finished = new Dictionary<string, Task>();
        foreach (var step in steps)
        {
            var waits = Task.WhenAll(step.Step.WaitsFor.Where(finished.ContainsKey).Select(w => finished[w]));
            finished[step.Step.Name] = Task.Run(async () =>
            {
                await waits;
                await run(step);
            });
        }

        await Task.WhenAll(finished.Values);
    }

    private bool Done(string step)
    {
        lock (Timeline)
        {
            return Timeline.ContainsKey(step);
        }
    }

    /// <summary>Creates one service and waits for it to converge, or runs one job to completion.</summary>
    public async Task Deploy(SwarmStep step)
    {
        var started = DateTime.UtcNow;
        if (step.Step.Kind == RolloutStepKind.Job)
        {
            RunJob(step);
        }
        else
        {
            await leader.Api.Post("services/create", Body(step.Spec));
            lock (current)
            {
                current[step.Spec.Name] = step.Spec;
            }

            await WaitConverged(step.Spec.Name, Placement.Tasks(plan, step.Spec), step.ConvergeTimeoutSeconds);
            var (node, container) = await Locate(step.Spec.Name);
            var probes = node.Exec(["docker", "inspect", "--format",
                "{{if .State.Health}}{{range .State.Health.Log}}{{.ExitCode}} {{.Start}} {{.End}} {{.Output}}|{{end}}{{end}}", container]).Stdout.Trim();
            lock (FirstProbes)
            {
                FirstProbes[step.Spec.Name] = probes;
            }
        }

        // DeployAll converges some steps side by side.
        lock (Timeline)
        {
            Timeline[step.Step.Name] = (started, DateTime.UtcNow);
        }
    }

    /// <summary>Runs a job's rendered script on the leader, with the Swarm names of its secrets exported as the Pulumi layer does.</summary>
    public void RunJob(SwarmStep step)
    {
        var job = plan.Jobs.Single(j => j.Name == step.Step.Name);
        var script = plan.File(step.ScriptPath!).Content.Replace(Quote(job.Image), Quote(imageMap[job.Image]), StringComparison.Ordinal);
        var environment = job.Secrets.ToDictionary(s => JobScript.SecretVariable(s.Secret), s => secrets[s.Secret].Name);
        var result = leader.Exec(["bash", "-s"], SwarmScripts.WithEnvironment(script, environment), TimeSpan.FromSeconds(step.ConvergeTimeoutSeconds + 60), check: false);
        JobOutput[job.Name] = result.Output;
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"job {job.Name}: its script exited {result.ExitCode}:\n{result.Output}");
        }
    }

    /// <summary>
    /// Waits until <paramref name="replicas"/> tasks of the service run (Swarm reports a task with a healthcheck as
    /// running only once it is healthy) and no update is in progress — what the provider's converge config waits for.
    /// </summary>
    public async Task WaitConverged(string service, int replicas, int timeoutSeconds)
    {
        var clock = Stopwatch.StartNew();
        var since = DateTime.UtcNow.AddSeconds(-2);
        var last = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(timeoutSeconds))
        {
            var tasks = await Tasks(service);
            var running = tasks.Where(t => (string?)t["DesiredState"] == "running").ToList();
            var states = running.Select(t => (string)t["Status"]!["State"]!).ToList();
            var inspect = await leader.Api.Get($"services/{service}");
            // Right after an update is posted Swarm has not started it: the running task still has the old image.
            var image = (string?)inspect["Spec"]!["TaskTemplate"]!["ContainerSpec"]!["Image"];
            if (running.Any(t => (string?)t["Spec"]!["ContainerSpec"]!["Image"] != image || SecretIds(t["Spec"]!) != SecretIds(inspect["Spec"]!["TaskTemplate"]!)))
            {
                states.Add("outdated");
            }

            var update = (string?)inspect["UpdateStatus"]?["State"];
            last = $"tasks [{string.Join(", ", states)}], update {update ?? "none"}";
            if (states.Count == replicas && states.All(s => s == "running") && update is null or "completed" or "rollback_completed")
            {
                return;
            }

            var failed = tasks.Count(t => (string?)t["Status"]!["State"] is "failed" or "rejected"
                && DateTime.Parse((string)t["CreatedAt"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal) >= since);
            if (failed >= 3 && update is not "rollback_started" and not "updating")
            {
                var logs = leader.Exec(["docker", "service", "logs", "--tail", "20", service], check: false).Output;
                throw new InvalidOperationException($"service {service}: {failed} tasks failed ({await Why(service)}); its logs:\n{logs}");
            }

            if (update is "paused" or "rollback_paused")
            {
                throw new InvalidOperationException($"service {service}: update {update}: {inspect["UpdateStatus"]?["Message"]}");
            }

            await Task.Delay(1000);
        }

        throw new TimeoutException($"service {service}: not converged within {timeoutSeconds} s ({last}); {await Why(service)}");
    }

    /// <summary>The service's tasks.</summary>
    public async Task<List<JsonNode>> Tasks(string service)
    {
        var filters = Uri.EscapeDataString($"{{\"service\":[\"{service}\"]}}");
        return [.. (await leader.Api.Get($"tasks?filters={filters}")).AsArray().Select(t => t!)];
    }

    /// <summary>The container of the service's running task (single node: on the leader).</summary>
    public async Task<string> Container(string service)
    {
        var task = (await Tasks(service)).FirstOrDefault(t => (string?)t["Status"]!["State"] == "running")
            ?? throw new InvalidOperationException($"service {service} has no running task");
        return (string)task["Status"]!["ContainerStatus"]!["ContainerID"]!;
    }

    /// <summary>The node and container of the service's (first) running task.</summary>
    public async Task<(SwarmNode Node, string Container)> Locate(string service)
    {
        var task = (await Tasks(service)).FirstOrDefault(t => (string?)t["Status"]!["State"] == "running")
            ?? throw new InvalidOperationException($"service {service} has no running task");
        return (await NodeOf(task), (string)task["Status"]!["ContainerStatus"]!["ContainerID"]!);
    }

    /// <summary>The node a task was scheduled on.</summary>
    public async Task<SwarmNode> NodeOf(JsonNode task)
    {
        var hostname = await HostnameOf((string)task["NodeID"]!);
        return Nodes.FirstOrDefault(n => n.Hostname == hostname)
            ?? throw new InvalidOperationException($"task {task["ID"]}: on node {hostname}, which is not one of this Swarm's test nodes");
    }

    /// <summary>The host name of a Swarm node id.</summary>
    public async Task<string> HostnameOf(string nodeId) => (string)(await leader.Api.Get($"nodes/{nodeId}"))["Description"]!["Hostname"]!;

    /// <summary>The latest task errors of a service, for failure messages.</summary>
    public async Task<string> Why(string service)
    {
        var tasks = await Tasks(service);
        return string.Join("; ", tasks.OrderByDescending(t => (string?)t["UpdatedAt"]).Take(3).Select(t =>
            $"{t["Status"]!["State"]} {t["Status"]!["Err"]} {t["Status"]!["Message"]}".Trim()));
    }

    /// <summary>Updates a service to <paramref name="spec"/> (a new record of the same service).</summary>
    public async Task Update(SwarmServiceSpec spec)
    {
        var held = await leader.Api.Get($"services/{spec.Name}");
        var version = ((long)held["Version"]!["Index"]!).ToString(CultureInfo.InvariantCulture);
        await leader.Api.Post($"services/{spec.Name}/update?version={version}", Body(spec));
        lock (current)
        {
            if (current.TryGetValue(spec.Name, out var before))
            {
                previous[spec.Name] = before;
            }

            current[spec.Name] = spec;
        }
    }

    /// <summary>
    /// Records that Swarm rolled <paramref name="service"/> back (its update's failure action): it holds the record it
    /// had before the last <see cref="Update"/> again, as the provider reads it on the next refresh.
    /// </summary>
    public void RolledBack(string service)
    {
        lock (current)
        {
            current[service] = previous[service];
        }
    }

    // The Swarm name of a plan's secret as first created; a rotation adds a suffix (Deployer_Rotation.cs).
    private static string SwarmName(string secret) => $"infra-swarm-{secret}";

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
