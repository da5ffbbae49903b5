namespace Infra.Swarm.Tests;

/// <summary>
/// New versions of a stand-in, built in the node from the pushed one (a label or a wrapper more) and pushed by digest:
/// what a release looks like to Swarm — another digest of the same image.
/// </summary>
public static class Variants
{
    /// <summary>
    /// Builds <paramref name="dockerfile"/> (FROM is prepended: the stand-in's digest) in the node, pushes it to
    /// <paramref name="registry"/> (the node's own by default; the run's shared one where other nodes must pull it) and
    /// returns its reference by digest.
    /// </summary>
    public static string Push(SwarmNode node, string from, string tag, string dockerfile, string registry = SwarmNode.Registry)
    {
        const string digest = "{{index .RepoDigests 0}}";
        var script = $"""
            set -euo pipefail
            dir=$(mktemp -d)
            cat > "$dir/Dockerfile" <<'DOCKERFILE'
            FROM {from}
            {dockerfile}
            DOCKERFILE
            docker build -q -t {registry}/{tag} "$dir" >/dev/null
            docker push -q {registry}/{tag} >/dev/null
            rm -rf "$dir"
            docker image inspect --format '{digest}' {registry}/{tag}
            """;
        return node.Exec(["bash", "-s"], script, TimeSpan.FromMinutes(3)).Stdout.Trim();
    }
}
