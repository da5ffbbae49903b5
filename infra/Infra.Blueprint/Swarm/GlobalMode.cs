namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>Global</c> mode: one task per eligible node (no fields).</summary>
public sealed record GlobalMode;
