namespace Infra.App.Tests.Fixtures;

/// <summary>Tests that share the real Postgres and Redis; they run one at a time, since some stop those servers.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<Platform>
{
    public const string Name = "platform";
}
