using System.Security.Cryptography;
using System.Text;

namespace Infra.Blueprint.Platform;

/// <summary>
/// A Swarm config (a non-secret file). Swarm configs are immutable, so the name carries a hash of the
/// content: a changed file is a new config and the services using it roll over to it.
/// </summary>
/// <param name="Key">Stable symbolic key, e.g. <c>nginx.conf</c>.</param>
/// <param name="Content">The file's exact content.</param>
public sealed record ConfigFileSpec(string Key, string Content)
{
    /// <summary>The Swarm config name: the key and the first 10 hex digits of the content's SHA-256.</summary>
    public string Name => $"{Key.Replace('.', '-')}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Content)))[..10]}";
}
