using System.Globalization;
using System.Text.RegularExpressions;

namespace Infra.Blueprint.Edge;

/// <summary>
/// The nginx release a config is rendered for, and the one directive that depends on it. The Swarm's is the pinned
/// image's (read from <see cref="Images.Nginx"/>'s tag); loopback tests read the local binary's <c>nginx -v</c>.
/// </summary>
public static partial class NginxRelease
{
    /// <summary>The release in the pinned edge image, from its tag (<c>1.27.3-alpine</c> → 1.27.3).</summary>
    public static Version Pinned { get; } = Parse(Images.Nginx.Tag);

    /// <summary>The first release with the <c>http2</c> directive; from it on, <c>listen … http2</c> warns at every start and reload.</summary>
    public static Version Http2Directive { get; } = new(1, 25, 1);

    /// <summary>
    /// Whether <paramref name="release"/> takes <c>http2 on;</c> in each TLS server (and plain <c>listen … ssl</c>);
    /// older releases know only the <c>http2</c> parameter of <c>listen</c>.
    /// </summary>
    public static bool HasHttp2Directive(Version release) => release >= Http2Directive;

    /// <summary>The <c>major.minor.patch</c> at the start of <paramref name="text"/> (an image tag, or what follows <c>nginx/</c>).</summary>
    public static Version Parse(string text)
    {
        var match = Leading().Match(text);
        return match.Success
            ? new Version(Number(match, 1), Number(match, 2), Number(match, 3))
            : throw new FormatException($"'{text}' does not start with an nginx version (major.minor.patch)");
    }

    private static int Number(Match match, int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(\d+)\.(\d+)\.(\d+)(?![\d])")]
    private static partial Regex Leading();
}
