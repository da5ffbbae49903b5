using System.Text;

namespace Infra.App.Tasks;

/// <summary>What a task title may be: 1 to 200 characters of printable, well-formed Unicode.</summary>
internal static class TaskTitle
{
    public const int MaxLength = 200;

    /// <summary>The problem with <paramref name="title"/>, or null when it is acceptable.</summary>
    public static string? Problem(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return "Title must not be empty.";
        }

        var length = 0;
        // Walk runes, not chars: a lone surrogate is valid JSON (\ud800) but not text Postgres can store.
        for (var i = 0; i < title.Length;)
        {
            if (Rune.DecodeFromUtf16(title.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return "Title contains an unpaired surrogate; send well-formed Unicode.";
            }

            if (Rune.IsControl(rune))
            {
                return "Title must not contain control characters.";
            }

            length++;
            i += consumed;
        }

        // Postgres counts code points, as char_length does in the table's CHECK.
        return length > MaxLength ? $"Title must be at most {MaxLength} characters." : null;
    }
}
