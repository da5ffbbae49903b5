namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>NetworkAttachmentConfig</c>, by the plan's network name (the deployer supplies the id).</summary>
/// <param name="Target">The network's name in the plan.</param>
public sealed record NetworkAttachmentConfig(string Target);
