using System.Security.Cryptography;
using System.Text;

namespace Infra.Contract;

/// <summary>
/// Which value of a secret a process holds, without showing it: the first 16 hex digits of HMAC-SHA256 keyed with the
/// app's signing key (<see cref="AppContract.Secrets.SigningKey"/>). A plain hash of a weak value could be guessed
/// offline; this one only by whoever holds the signing key as well. The reference app exports one per secret file it
/// read at start (<see cref="AppContract.Metrics.SecretInfo"/>), so a rotation can be seen to reach every replica.
/// </summary>
public static class SecretFingerprint
{
    /// <summary>The fingerprint of <paramref name="value"/> under <paramref name="signingKey"/>, both as read from their files (trailing line breaks dropped).</summary>
    public static string Of(string signingKey, string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.UTF8.GetBytes(value)))[..16];

    /// <summary>The <c>name</c> label of the secret file variable <paramref name="variable"/>: <c>STRIPE_KEY_FILE</c> → <c>STRIPE_KEY</c>.</summary>
    public static string NameOf(string variable) => variable.EndsWith(FileSuffix, StringComparison.Ordinal) ? variable[..^FileSuffix.Length] : variable;

    /// <summary>The suffix of every variable that names a secret file (<c>POSTGRES_PASSWORD_FILE</c>).</summary>
    public const string FileSuffix = "_FILE";
}
