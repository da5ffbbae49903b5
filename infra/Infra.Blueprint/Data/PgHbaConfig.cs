using System.Globalization;
using System.Text;

namespace Infra.Blueprint.Data;

/// <summary>
/// Renders <c>pg_hba.conf</c>: password logins with SCRAM only, over the Unix socket and from the internal
/// network only. Everything else — another address, another method (md5, password, trust) — finds no line
/// and is refused.
/// </summary>
public static class PgHbaConfig
{
    /// <summary>Renders the file; <paramref name="allowedNetworks"/> are the CIDR ranges TCP clients may come from.</summary>
    /// <param name="allowedNetworks">CIDR ranges TCP clients may come from.</param>
    /// <param name="replication">Also allow replication connections from them (the base backups of point-in-time recovery).</param>
    public static string Render(IReadOnlyList<string> allowedNetworks, bool replication)
    {
        var s = new StringBuilder();
        s.AppendLine("# Rendered by Infra. Do not edit on the server.");
        s.AppendLine("# TYPE  DATABASE  USER  ADDRESS          METHOD");
        // The image's first-start initialisation logs in over the socket with the password it was given.
        s.AppendLine("local   all       all                    scram-sha-256");
        foreach (var network in allowedNetworks)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"host    all       all   {network,-16} scram-sha-256");
            if (replication)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"host    replication all {network,-16} scram-sha-256");
            }
        }

        return s.ToString();
    }
}
