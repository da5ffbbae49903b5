using Infra.App.Settings;
using Microsoft.Extensions.Options;

namespace Infra.App.Security;

/// <summary>
/// Which browser origins may talk to the app. CORS does not cover WebSockets, so the WebSocket endpoint checks the
/// Origin header itself: otherwise any site a user visits could open a socket with the user's cookies.
/// </summary>
internal sealed class OriginPolicy(IOptions<AppOptions> options)
{
    private readonly HashSet<string> _allowed = new(options.Value.ParseAllowedOrigins(), StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Allowed => _allowed;

    /// <summary>No Origin (not a browser), the app's own origin, or one on the allow-list.</summary>
    public bool AllowsWebSocket(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0
            || _allowed.Contains(origin)
            || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }
}
