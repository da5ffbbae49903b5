using Infra.TestKit;

namespace Infra.App.Tests.Fixtures;

/// <summary>The loopback platform as an xunit fixture: started once for the collection, stopped after it.</summary>
public sealed class Platform : LoopbackPlatform, IAsyncLifetime;
