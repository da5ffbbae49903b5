namespace Infra.Blueprint.Settings;

/// <summary>The one "did you mean" of the settings: the closest known name within a few edits, case ignored.</summary>
public static class Spelling
{
    /// <summary>Most edits a suggestion may be away from what was written.</summary>
    public const int MaxEdits = 3;

    /// <summary>The candidate closest to <paramref name="written"/>, or null when none is within <paramref name="maxEdits"/> edits.</summary>
    public static string? Closest(string written, IEnumerable<string> candidates, int maxEdits = MaxEdits) =>
        candidates.Select(c => (Candidate: c, Edits: Distance(c, written)))
            .Where(c => c.Edits <= maxEdits)
            .OrderBy(c => c.Edits).ThenBy(c => c.Candidate, StringComparer.Ordinal)
            .Select(c => c.Candidate)
            .FirstOrDefault();

    /// <summary>Levenshtein distance, comparing letters without case.</summary>
    public static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }
}
