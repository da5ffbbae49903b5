using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.Blueprint.Swarm;
using Infra.TestKit;

namespace Infra.Swarm.Tests;

/// <summary>What an app release is to both collections' rollout tests: the plan with another pinned app image, its records, and Swarm's view of a service.</summary>
public static class Releases
{
    /// <summary>A pinned app image (<paramref name="tag"/>, a digest of <paramref name="digit"/>s) and the plan of <paramref name="config"/> with it.</summary>
    public static (string Image, Plan Plan) Of(StackConfig config, string tag, char digit)
    {
        var image = $"ghcr.io/example/infra-app:{tag}@sha256:{new string(digit, 64)}";
        return (image, Planner.Build(config.With("app.image", image)));
    }

    /// <summary><paramref name="service"/>'s record in <paramref name="plan"/>.</summary>
    public static SwarmServiceSpec Record(Plan plan, string service) => SwarmServiceSpecs.For(plan).Step(service).Spec;

    /// <summary>The image the service's spec names now, as the manager behind <paramref name="api"/> reports it.</summary>
    public static async Task<string?> Image(EngineApi api, string service) =>
        (string?)(await api.Get($"services/{service}"))["Spec"]!["TaskTemplate"]!["ContainerSpec"]!["Image"];

    /// <summary>Waits (at most <paramref name="timeout"/>) until the service's update state satisfies <paramref name="state"/>.</summary>
    public static async Task<bool> WaitFor(EngineApi api, string service, Func<string?, bool> state, TimeSpan timeout) =>
        await Poll.Until(async () => state((string?)(await api.Get($"services/{service}"))["UpdateStatus"]?["State"]), timeout) is not null;
}
