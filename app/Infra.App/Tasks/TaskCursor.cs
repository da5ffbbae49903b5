using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Infra.App.Settings;
using Microsoft.Extensions.Options;

namespace Infra.App.Tasks;

/// <summary>
/// Opaque, signed pagination cursors: a client cannot forge one to skip the keyset, and a tampered cursor is a 400,
/// not a query with a surprising bound. Signed with the platform's signing key, so every replica accepts every cursor.
/// </summary>
internal sealed class TaskCursor(IOptions<AppOptions> options)
{
    private const int MacLength = 16;
    private readonly byte[] _key = System.Text.Encoding.UTF8.GetBytes(SecretFile.Read(options.Value.SigningKeyFile));

    public string Encode(long afterId)
    {
        Span<byte> payload = stackalloc byte[8 + MacLength];
        BinaryPrimitives.WriteInt64BigEndian(payload, afterId);
        HMACSHA256.HashData(_key, payload[..8])[..MacLength].CopyTo(payload[8..]);
        return Base64Url.EncodeToString(payload);
    }

    public bool TryDecode(string cursor, out long afterId)
    {
        afterId = 0;
        Span<byte> payload = stackalloc byte[8 + MacLength];
        // TryDecodeFromChars throws on characters outside the alphabet; IsValid screens them first.
        if (cursor.Length > 64
            || !Base64Url.IsValid(cursor, out var length) || length != payload.Length
            || !Base64Url.TryDecodeFromChars(cursor, payload, out var written) || written != payload.Length)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(_key, payload[..8]).AsSpan(0, MacLength);
        if (!CryptographicOperations.FixedTimeEquals(expected, payload[8..]))
        {
            return false;
        }

        afterId = BinaryPrimitives.ReadInt64BigEndian(payload);
        return afterId >= 0;
    }
}
