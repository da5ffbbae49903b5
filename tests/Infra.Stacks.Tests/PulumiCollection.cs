[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Infra.Stacks.Tests;

/// <summary>Pulumi's <c>Deployment.TestAsync</c> keeps global state: every run in this assembly is serial.</summary>
[CollectionDefinition(Name)]
public sealed class PulumiCollection : ICollectionFixture<StackRuns>
{
    public const string Name = "pulumi deployments (serial)";
}
