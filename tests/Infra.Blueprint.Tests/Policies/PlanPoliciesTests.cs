using Infra.Blueprint.Platform;
using Infra.Blueprint.Policies;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Policies;

public sealed class PlanPoliciesTests
{
    private static readonly Plan Prod = Planner.Build(Repository.Stack("prod"));

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public void TheShippedStacksKeepEveryPolicy(string stack) =>
        Assert.Empty(PlanPolicies.Violations(Planner.Build(Repository.Stack(stack))));

    public static TheoryData<string, Func<Plan, Plan>, string> BrokenPlans => new()
    {
        { "an app replica publishes a port", p => Replace(p, "app-1", s => s with { Ports = [new PortSpec(8080, 8080, "tcp", false)] }), "service app-1: only the edge publishes ports" },
        { "postgres updates start-first", p => Replace(p, "postgres", s => s with { Update = s.Update with { Order = UpdateOrder.StartFirst } }), "service postgres: a stateful volume needs exactly one task updated stop-first" },
        { "redis has no healthcheck", p => Replace(p, "redis", s => s with { Healthcheck = s.Healthcheck with { Test = [] } }), "service redis: has no healthcheck" },
        { "an image is not pinned", p => Replace(p, "edge-web-1", s => s with { Image = "nginx:latest" }), "service edge-web-1: image nginx:latest is not pinned by digest" },
        { "a replica updates stop-first", p => Replace(p, "app-2", s => s with { Update = s.Update with { Order = UpdateOrder.StopFirst } }), "service app-2: a stateless replicated service updates start-first" },
        { "a service never rolls back", p => Replace(p, "app-3", s => s with { Update = s.Update with { RollbackOnFailure = false } }), "service app-3: does not roll back on failure" },
        { "a production volume is unprotected", p => p with { Volumes = p.Volumes.Select(v => v with { Protected = false }).ToList() }, "volume postgres-data: stateful volumes are protected in production" },
        { "production runs one replica", p => p with { Services = p.Services.Where(s => s.Name is not ("app-2" or "app-3" or "app-4")).ToList() }, "production runs 1 app replica(s); at least 2 are needed" },
        { "a service mounts a secret that does not exist", p => Replace(p, "app-1", s => s with { Secrets = [.. s.Secrets, new SecretMount("stripe_key", "stripe_key")] }), "service app-1: mounts unknown secret stripe_key" },
    };

    [Theory]
    [MemberData(nameof(BrokenPlans))]
    public void ABrokenPlanIsStoppedWithTheResourceAndTheRule(string problem, Func<Plan, Plan> breakIt, string violation)
    {
        var violations = PlanPolicies.Violations(breakIt(Prod));

        Assert.True(violations.Any(v => v.StartsWith(violation, StringComparison.Ordinal)), $"{problem}: expected '{violation}', got:\n  {string.Join("\n  ", violations)}");
        var error = Assert.Throws<InvalidOperationException>(() => PlanPolicies.Enforce(breakIt(Prod)));
        Assert.Contains(violation, error.Message);
    }

    private static Plan Replace(Plan plan, string service, Func<ServiceSpec, ServiceSpec> change) =>
        plan with { Services = plan.Services.Select(s => s.Name == service ? change(s) : s).ToList() };
}
