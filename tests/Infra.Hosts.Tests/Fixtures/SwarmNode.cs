namespace Infra.Hosts.Tests.Fixtures;

/// <summary>A node as <c>docker node ls</c> on a manager reports it.</summary>
public sealed record SwarmNode(string Hostname, string Status, string Availability, string ManagerStatus, string Role, string Labels)
{
    /// <summary>The remote command that lists the nodes, one line each, fields separated by '|'.</summary>
    public const string ListCommand =
        "for id in $(docker node ls -q); do docker node inspect \"$id\" --format '{{.Description.Hostname}}|{{.Status.State}}|{{.Spec.Availability}}|{{if .ManagerStatus}}{{if .ManagerStatus.Leader}}leader{{else}}reachable{{end}}{{end}}|{{.Spec.Role}}|{{range $k, $v := .Spec.Labels}}{{$k}}={{$v}},{{end}}'; done";

    /// <summary>Parses the output of <see cref="ListCommand"/>.</summary>
    public static IReadOnlyList<SwarmNode> Parse(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => line.Split('|'))
        .Select(f => new SwarmNode(f[0], f[1], f[2], f[3], f[4], f[5].TrimEnd(',')))
        .OrderBy(n => n.Hostname, StringComparer.Ordinal)
        .ToList();
}
