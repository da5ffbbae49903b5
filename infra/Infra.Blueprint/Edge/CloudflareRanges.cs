namespace Infra.Blueprint.Edge;

/// <summary>Cloudflare's published address ranges, read from the one data file <c>cloudflare-ips.txt</c>.</summary>
public static class CloudflareRanges
{
    /// <summary>Every range, IPv4 first, as written in the file.</summary>
    public static IReadOnlyList<string> All { get; } = Load();

    private static List<string> Load()
    {
        using var stream = typeof(CloudflareRanges).Assembly.GetManifestResourceStream("Infra.Blueprint.Edge.cloudflare-ips.txt")
            ?? throw new InvalidOperationException("cloudflare-ips.txt is not embedded in Infra.Blueprint");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))
            .ToList();
    }
}
