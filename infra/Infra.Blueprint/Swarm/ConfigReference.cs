namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>ConfigReference</c>, by the plan's config key (the deployer supplies the id).</summary>
/// <param name="ConfigName">The config's symbolic key in the plan (<c>nginx.conf</c>, <c>origin.crt</c>, …).</param>
/// <param name="File">The absolute target path, its owner and mode.</param>
public sealed record ConfigReference(string ConfigName, FileTarget File);
