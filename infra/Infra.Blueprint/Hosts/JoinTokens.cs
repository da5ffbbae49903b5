namespace Infra.Blueprint.Hosts;

/// <summary>The tokens other hosts join the Swarm with; credentials, kept secret by the Pulumi layer.</summary>
/// <param name="Worker">Token to join as a worker.</param>
/// <param name="Manager">Token to join as a manager.</param>
public sealed record JoinTokens(string Worker, string Manager)
{
    /// <summary>The token for a host that joins as a manager or as a worker.</summary>
    public string For(bool manager) => manager ? Manager : Worker;

    /// <inheritdoc />
    public override string ToString() => "JoinTokens { Worker = ***, Manager = *** }";
}
