using System.Globalization;
using System.Text;

namespace Infra.Blueprint.Platform;

/// <summary>Renders the human-readable summary <c>plan</c> prints: hosts, services, ports, DNS, secrets.</summary>
public static class TopologyReport
{
    /// <summary>Renders the report.</summary>
    public static string Render(Plan plan)
    {
        var s = new StringBuilder();
        var settings = plan.Settings;
        s.AppendLine(CultureInfo.InvariantCulture, $"stack {plan.Stack} ({(settings.Production ? "production" : "non-production")}) — https://{settings.Domain}");
        s.AppendLine();
        s.AppendLine("hosts");
        foreach (var h in plan.Hosts)
        {
            var roles = string.Join(",", h.Roles.Select(r => r.ToString().ToLowerInvariant()));
            s.AppendLine(CultureInfo.InvariantCulture, $"  {h.Name,-10} {h.Address,-16} {roles}{(h.IsLeader ? " (leader)" : "")}  ssh {h.DeployUser}@{h.Address}:{h.SshPort} (first login {h.SshUser})");
        }

        s.AppendLine();
        s.AppendLine("services");
        var width = plan.Services.Max(x => x.Name.Length);
        foreach (var svc in plan.Services)
        {
            var mode = svc.Global ? "global" : $"{svc.Replicas}x";
            var ports = svc.Ports.Count == 0 ? "" : "  publishes " + string.Join(",", svc.Ports.Select(p => $"{p.Published}/{p.Protocol}"));
            var placement = svc.Placement.Count == 0 ? "every node" : string.Join(" ", svc.Placement);
            s.AppendLine(CultureInfo.InvariantCulture, $"  {svc.Name.PadRight(width)} {mode,-7} {svc.Image}");
            s.AppendLine(CultureInfo.InvariantCulture, $"  {new string(' ', width)} {"",-7} networks {string.Join(",", svc.Networks)}; update {svc.Update.Order.ToString().ToLowerInvariant()}{(svc.Update.RollbackOnFailure ? ", rollback on failure" : "")}; on {placement}{ports}");
        }

        s.AppendLine();
        s.AppendLine("networks");
        var networkWidth = plan.Networks.Max(n => n.Name.Length);
        foreach (var n in plan.Networks)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"  {n.Name.PadRight(networkWidth)} {(n.Internal ? "internal" : "routable")}{(n.Encrypted ? ", encrypted" : "")}");
        }

        s.AppendLine();
        s.AppendLine("volumes");
        foreach (var v in plan.Volumes)
        {
            var where = v.PerNode ? "on each node that mounts it" : $"on {v.Host}";
            s.AppendLine(CultureInfo.InvariantCulture, $"  {v.Name,-20} {where}{(v.Protected ? " (protected: survives pulumi destroy)" : "")}");
        }

        s.AppendLine();
        s.AppendLine("dns");
        foreach (var r in plan.DnsRecords)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"  {r.Name} {r.Type} {r.Content}{(r.Proxied ? " (proxied)" : "")}");
        }

        s.AppendLine();
        s.AppendLine("cloudflare zone settings (zone-wide)");
        foreach (var z in plan.ZoneSettings)
        {
            var value = z.Hsts is { } h ? $"HSTS max-age={h.MaxAgeSeconds}{(h.IncludeSubdomains ? " includeSubDomains" : "")}{(h.Preload ? " preload" : "")}" : z.Value;
            s.AppendLine(CultureInfo.InvariantCulture, $"  {z.Id,-16} {value}");
        }

        s.AppendLine();
        s.AppendLine("certificates");
        foreach (var c in plan.Certificates)
        {
            var issuer = c.Issuer == CertificateIssuer.InternalCa ? "internal CA" : "Cloudflare Origin CA";
            s.AppendLine(CultureInfo.InvariantCulture, $"  {c.Name}: {string.Join(", ", c.Hostnames)} ({c.KeyAlgorithm}, {c.ValidityDays} days, {issuer})");
        }

        s.AppendLine();
        s.AppendLine("jobs (run to completion before the services they gate)");
        foreach (var job in plan.Jobs)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"  {job.Name,-14} {job.Image}");
            s.AppendLine(CultureInfo.InvariantCulture, $"  {"",-14} {CommandLine(job)}; before {string.Join(",", job.Gates)}; on {string.Join(" ", job.Placement)}");
        }

        if (settings.Backups.Enabled)
        {
            var b = settings.Backups;
            s.AppendLine();
            s.AppendLine("backups");
            s.AppendLine(CultureInfo.InvariantCulture, $"  repository {b.ResticRepository(plan.Stack)}{(b.DeclaresBucket ? " (bucket declared by this stack)" : "")}");
            s.AppendLine(CultureInfo.InvariantCulture, $"  backup '{b.Schedule}', restore drill '{b.DrillSchedule}' (UTC); keep {b.KeepDaily} daily, {b.KeepWeekly} weekly, {b.KeepMonthly} monthly");
            s.AppendLine(CultureInfo.InvariantCulture, $"  {(b.PointInTimeRecovery ? "point-in-time recovery: WAL shipped every 5 minutes, a base backup with each backup" : "logical dumps only (no point-in-time recovery)")}");
        }

        s.AppendLine();
        s.AppendLine("secrets (values never leave Pulumi's encrypted state and the servers)");
        var secretWidth = plan.Secrets.Max(x => x.Name.Length);
        foreach (var secret in plan.Secrets)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"  {secret.Name.PadRight(secretWidth)} {Describe(secret)}");
        }

        return s.ToString();
    }

    private static string Describe(SecretSpec secret) => secret.Kind switch
    {
        SecretKind.Password => $"generated, {secret.Length} characters",
        SecretKind.Derived => $"derived from {secret.From}",
        SecretKind.CertificateKey => $"private key of certificate '{secret.From}'",
        SecretKind.StackConfig => $"from the stack's secret config {secret.From}",
        _ => secret.Kind.ToString(),
    };

    // A script given inline (the roles job's) shows as its first line: the file itself is in jobs/<job>.sh.
    private static string CommandLine(JobSpec job) =>
        string.Join(" ", job.Entrypoint.Concat(job.Command.Select(c => c.Contains('\n', StringComparison.Ordinal) ? c[..c.IndexOf('\n', StringComparison.Ordinal)] + " …" : c)));
}
