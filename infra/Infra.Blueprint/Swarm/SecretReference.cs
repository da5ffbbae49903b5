namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>SecretReference</c>, by the plan's symbolic secret name (the deployer supplies the id).</summary>
/// <param name="SecretName">The secret's symbolic name in the plan.</param>
/// <param name="File">The file under <c>/run/secrets/</c>, its owner and mode.</param>
public sealed record SecretReference(string SecretName, FileTarget File);
