using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Infra.App.Data;

/// <summary>One versioned schema change, embedded in the assembly as <c>NNNN_name.sql</c>.</summary>
internal sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>Detects a migration edited after it was applied somewhere.</summary>
    public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    /// <summary>Every migration this build carries, in version order.</summary>
    public static IReadOnlyList<Migration> All { get; } = Load(typeof(Migration).Assembly);

    public static int LatestVersion => All.Count == 0 ? 0 : All[^1].Version;

    public static IReadOnlyList<Migration> Load(Assembly assembly)
    {
        const string prefix = "Migrations.";
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(resource =>
            {
                var name = resource[prefix.Length..^".sql".Length];
                var underscore = name.IndexOf('_');
                if (underscore < 1 || !int.TryParse(name[..underscore], out var version) || version < 1)
                {
                    throw new InvalidOperationException($"Migration '{resource}' must be named NNNN_description.sql.");
                }

                using var stream = assembly.GetManifestResourceStream(resource)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return new Migration(version, name, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? migrations
            : throw new InvalidOperationException($"Two migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
    }
}
