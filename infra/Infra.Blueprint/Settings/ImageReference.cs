using System.Text.RegularExpressions;

namespace Infra.Blueprint.Settings;

/// <summary>A container image pinned by tag and digest: <c>ghcr.io/acme/app:1.4.2@sha256:…</c>.</summary>
/// <param name="Repository">Registry and path, e.g. <c>ghcr.io/acme/app</c>.</param>
/// <param name="Tag">Human-readable version, e.g. <c>1.4.2</c>.</param>
/// <param name="Digest">Content digest, <c>sha256:</c> and 64 hex digits; what is actually deployed.</param>
public sealed partial record ImageReference(string Repository, string Tag, string Digest)
{
    /// <summary>The full reference Docker pulls.</summary>
    public override string ToString() => $"{Repository}:{Tag}@{Digest}";

    /// <summary>Parses a reference, or explains what is wrong with it.</summary>
    public static bool TryParse(string text, out ImageReference? image, out string problem)
    {
        image = null;
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            problem = text.Contains('@')
                ? $"'{text}' is not an image reference of the form registry/name:tag@sha256:<64 hex digits>"
                : $"'{text}' is not pinned by digest; use registry/name:tag@sha256:<digest> (docker buildx imagetools inspect <image> prints it)";
            return false;
        }

        if (!match.Groups["tag"].Success)
        {
            problem = $"'{text}' has a digest but no tag; add the version tag before '@' so people can read what runs";
            return false;
        }

        image = new ImageReference(match.Groups["repo"].Value, match.Groups["tag"].Value, match.Groups["digest"].Value);
        problem = "";
        return true;
    }

    [GeneratedRegex(@"^(?<repo>[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?@(?<digest>sha256:[a-f0-9]{64})$")]
    private static partial Regex Pattern();
}
