using System.Security.Cryptography;
using System.Text;

namespace Infra.Components;

/// <summary>Content digests used as replacement triggers.</summary>
internal static class Digest
{
    /// <summary>SHA-256 of the UTF-8 text, lower-case hex.</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
