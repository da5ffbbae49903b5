using System.Collections.Immutable;
using System.Text.Json;
using Infra.Blueprint.Settings;
using Pulumi;
using Pulumi.Testing;

namespace Infra.Stacks.Tests;

/// <summary>One run of the Pulumi program under <see cref="StrictMocks"/>, with the config of one stack.</summary>
public sealed class StackRun
{
    /// <summary>Fake values for every secret key; the tests check none of them leaks.</summary>
    public static readonly IReadOnlyDictionary<string, string> FakeSecrets = ConfigKeys.Secrets.Select(k => k.FullName).Concat(ConfigKeys.ProviderSecrets).ToDictionary(
        k => k,
        k => $"fake-{k[(k.IndexOf(':', StringComparison.Ordinal) + 1)..]}-value");

    private StackRun(string stack, StrictMocks mocks, ImmutableArray<Resource> resources, IDictionary<string, object?> outputs)
    {
        Stack = stack;
        Mocks = mocks;
        Resources = resources;
        Outputs = outputs;
    }

    public string Stack { get; }

    public StrictMocks Mocks { get; }

    public ImmutableArray<Resource> Resources { get; }

    public IDictionary<string, object?> Outputs { get; }

    public IReadOnlyList<Declared> OfType(string type) => Mocks.Declared.Where(d => d.Type == type).ToList();

    public T Component<T>() where T : Resource => Resources.OfType<T>().Single();

    /// <summary>Runs the program with <paramref name="config"/> as Pulumi would hand it over, secrets included.</summary>
    public static async Task<StackRun> RunAsync(StackConfig config, StrictMocks? mocks = null, IReadOnlyDictionary<string, string>? secrets = null)
    {
        mocks ??= new StrictMocks();
        var all = new Dictionary<string, string>(config.Values);
        foreach (var (key, value) in secrets ?? FakeSecrets)
        {
            all[key] = value;
        }

        Environment.SetEnvironmentVariable("PULUMI_CONFIG", JsonSerializer.Serialize(all));
        Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", JsonSerializer.Serialize((secrets ?? FakeSecrets).Keys));
        try
        {
            var (resources, outputs) = await Deployment.TestAsync(
                mocks.Engine.Object,
                new TestOptions { ProjectName = "infra", StackName = config.Stack, IsPreview = false },
                InfraStack.RunAsync);
            return new StackRun(config.Stack, mocks, resources, outputs);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PULUMI_CONFIG", null);
            Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", null);
        }
    }

    /// <summary>The value of an Output once the run has resolved it.</summary>
    public static Task<T> ValueOf<T>(Output<T> output)
    {
        var value = new TaskCompletionSource<T>();
        output.Apply(v =>
        {
            value.TrySetResult(v);
            return v;
        });
        return value.Task;
    }
}
