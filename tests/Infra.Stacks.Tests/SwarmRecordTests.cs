using System.Collections.Immutable;
using System.Globalization;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Swarm;
using Infra.TestKit;

namespace Infra.Stacks.Tests;

/// <summary>
/// The Pulumi layer declares each Swarm service exactly as the blueprint's record (SwarmServiceSpecs), which the
/// real-Swarm tier deploys: the two cannot drift. The expected args are the record in the provider's input names, with
/// the mocks' ids (<c>{resource}_id</c>) where the record names a secret, config or network symbolically.
/// </summary>
[Collection(PulumiCollection.Name)]
public sealed class SwarmRecordTests(StackRuns runs)
{
    public static TheoryData<string> Stacks => [.. Repository.Stacks];

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task EveryServiceIsDeclaredExactlyAsItsSwarmRecord(string stack)
    {
        var run = await runs.Of(stack);
        var plan = Planner.Build(Repository.Stack(stack));
        var declared = run.OfType("docker:index/service:Service").ToDictionary(s => (string)s.At("name")!);

        Assert.Equal(plan.Services.Select(s => s.Name).Order(), declared.Keys.Order());
        foreach (var spec in plan.Services)
        {
            var record = SwarmServiceSpecs.Service(spec);
            var service = declared[spec.Name];
            var problems = new List<string>();
            Compare(Expected(record), service.Inputs, "", problems);
            Assert.True(problems.Count == 0, $"{service.Urn(stack)} is not declared as its record:\n  {string.Join("\n  ", problems)}");
        }
    }

    private static Dictionary<string, object?> Expected(SwarmServiceSpec r)
    {
        var task = r.TaskTemplate;
        var c = task.ContainerSpec;
        return new()
        {
            ["name"] = r.Name,
            ["taskSpec"] = new Dictionary<string, object?>
            {
                ["containerSpec"] = new Dictionary<string, object?>
                {
                    ["image"] = c.Image,
                    ["commands"] = c.Command,
                    ["args"] = c.Args,
                    ["hostname"] = c.Hostname,
                    ["env"] = c.Env.Select(e => e.Split('=', 2)).ToDictionary(e => e[0], e => (object?)e[1]),
                    ["mounts"] = c.Mounts.Select(m => new Dictionary<string, object?>
                    {
                        ["type"] = m.Type,
                        ["source"] = m.Source,
                        ["target"] = m.Target,
                        ["readOnly"] = m.ReadOnly,
                        ["tmpfsOptions"] = m.TmpfsOptions is { } t ? new Dictionary<string, object?> { ["sizeBytes"] = t.SizeBytes, ["mode"] = t.Mode } : null,
                    }).ToList(),
                    ["stopSignal"] = c.StopSignal,
                    ["stopGracePeriod"] = Seconds(c.StopGracePeriod),
                    ["healthcheck"] = new Dictionary<string, object?>
                    {
                        ["tests"] = c.HealthCheck.Test,
                        ["interval"] = Seconds(c.HealthCheck.Interval),
                        ["timeout"] = Seconds(c.HealthCheck.Timeout),
                        ["retries"] = c.HealthCheck.Retries,
                        ["startPeriod"] = Seconds(c.HealthCheck.StartPeriod),
                    },
                    ["secrets"] = c.Secrets.Select(s => new Dictionary<string, object?>
                    {
                        ["secretId"] = $"secrets-{s.SecretName}_id",
                        ["fileName"] = s.File.Name,
                        ["fileUid"] = s.File.UID,
                        ["fileGid"] = s.File.GID,
                        ["fileMode"] = s.File.Mode,
                    }).ToList(),
                    ["configs"] = c.Configs.Select(s => new Dictionary<string, object?>
                    {
                        ["configId"] = $"configs-{s.ConfigName}_id",
                        ["fileName"] = s.File.Name,
                        ["fileUid"] = s.File.UID,
                        ["fileGid"] = s.File.GID,
                        ["fileMode"] = s.File.Mode,
                    }).ToList(),
                },
                ["resources"] = new Dictionary<string, object?>
                {
                    ["limits"] = new Dictionary<string, object?> { ["nanoCpus"] = task.Resources.Limits.NanoCPUs, ["memoryBytes"] = task.Resources.Limits.MemoryBytes },
                    ["reservation"] = new Dictionary<string, object?> { ["nanoCpus"] = task.Resources.Reservations.NanoCPUs, ["memoryBytes"] = task.Resources.Reservations.MemoryBytes },
                },
                ["restartPolicy"] = new Dictionary<string, object?>
                {
                    ["condition"] = task.RestartPolicy.Condition,
                    ["delay"] = Seconds(task.RestartPolicy.Delay),
                    ["maxAttempts"] = task.RestartPolicy.MaxAttempts,
                    ["window"] = Seconds(task.RestartPolicy.Window),
                },
                ["placement"] = new Dictionary<string, object?> { ["constraints"] = task.Placement.Constraints },
                ["networksAdvanceds"] = task.Networks.Select(n => new Dictionary<string, object?> { ["name"] = $"networks-{n.Target}_id" }).ToList(),
            },
            ["mode"] = r.Mode.Global is not null
                ? new Dictionary<string, object?> { ["global"] = true }
                : new Dictionary<string, object?> { ["replicated"] = new Dictionary<string, object?> { ["replicas"] = r.Mode.Replicated!.Replicas } },
            ["updateConfig"] = Update(r.UpdateConfig!),
            ["rollbackConfig"] = Update(r.RollbackConfig!),
            ["endpointSpec"] = new Dictionary<string, object?>
            {
                ["mode"] = r.EndpointSpec.Mode,
                ["ports"] = r.EndpointSpec.Ports.Select(p => new Dictionary<string, object?>
                {
                    ["protocol"] = p.Protocol,
                    ["targetPort"] = p.TargetPort,
                    ["publishedPort"] = p.PublishedPort,
                    ["publishMode"] = p.PublishMode,
                }).ToList(),
            },
        };
    }

    private static Dictionary<string, object?> Update(UpdateConfig u) => new()
    {
        ["parallelism"] = u.Parallelism,
        ["delay"] = Seconds(u.Delay),
        ["failureAction"] = u.FailureAction,
        ["monitor"] = Seconds(u.Monitor),
        ["maxFailureRatio"] = u.MaxFailureRatio.ToString(CultureInfo.InvariantCulture),
        ["order"] = u.Order,
    };

    private static string Seconds(long nanoseconds) => $"{nanoseconds / SwarmServiceSpecs.Second}s";

    // Every expected member must be declared with the same value; an unset (null) one must be absent.
    private static void Compare(object? expected, object? actual, string path, List<string> problems)
    {
        switch (expected)
        {
            case null:
                if (actual is not null)
                {
                    problems.Add($"{path}: declared {Show(actual)}, the record leaves it unset");
                }

                break;
            case IDictionary<string, object?> map:
                var declared = actual as IReadOnlyDictionary<string, object> ?? ImmutableDictionary<string, object>.Empty;
                foreach (var (key, value) in map)
                {
                    Compare(value, declared.TryGetValue(key, out var a) ? a : null, $"{path}.{key}", problems);
                }

                break;
            case System.Collections.IEnumerable list and not string:
                var items = list.Cast<object?>().ToList();
                var actualItems = actual is ImmutableArray<object> array ? array.Cast<object?>().ToList() : [];
                if (items.Count != actualItems.Count)
                {
                    problems.Add($"{path}: {actualItems.Count} item(s) declared, the record has {items.Count}");
                    break;
                }

                for (var i = 0; i < items.Count; i++)
                {
                    Compare(items[i], actualItems[i], $"{path}[{i}]", problems);
                }

                break;
            case string s:
                if (actual as string != s)
                {
                    problems.Add($"{path}: declared {Show(actual)}, the record says '{s}'");
                }

                break;
            case bool b:
                if (actual is not bool ab || ab != b)
                {
                    problems.Add($"{path}: declared {Show(actual)}, the record says {b}");
                }

                break;
            default:
                var number = Convert.ToDouble(expected, CultureInfo.InvariantCulture);
                if (actual is null || Convert.ToDouble(actual, CultureInfo.InvariantCulture) != number)
                {
                    problems.Add($"{path}: declared {Show(actual)}, the record says {number}");
                }

                break;
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "nothing",
        string s => $"'{s}'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
    };
}
