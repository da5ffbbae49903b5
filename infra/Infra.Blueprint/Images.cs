using Infra.Blueprint.Settings;

namespace Infra.Blueprint;

/// <summary>
/// Every third-party image the platform deploys, pinned by version and digest in this one place.
/// To upgrade: pick the new tag, read its digest with <c>docker buildx imagetools inspect &lt;image:tag&gt;</c>
/// (the index digest, so every architecture resolves), change the line, and review the plan diff.
/// </summary>
public static class Images
{
    /// <summary>nginx, the edge load balancer.</summary>
    public static readonly ImageReference Nginx = Pin("nginx:1.27.3-alpine@sha256:41523187cf7d7a2f2677a80609d9caa14388bf5c1fbca9c410ba3de602aaaab4");

    /// <summary>Redis, the cache.</summary>
    public static readonly ImageReference Redis = Pin("redis:7.4.1-alpine@sha256:c1e88455c85225310bbea54816e9c3f4b5295815e6dbf80c34d40afc6df28275");

    /// <summary>PgBouncer, the connection pool in front of Postgres (runs as uid 70).</summary>
    public static readonly ImageReference PgBouncer = Pin("edoburu/pgbouncer:v1.25.1-p0@sha256:c7bfcaa24de830e29588bb9ad1eb39cebaf07c27149e1974445899b695634bb4");

    /// <summary>restic, only as the source of its static binary, which the backup-tools job copies next to pg_dump.</summary>
    public static readonly ImageReference Restic = Pin("restic/restic:0.17.3@sha256:8f5a62b422a2cb1277ea0dd6e826fe1acf649e5b9f02d60e5268d5fd1976255a");

    /// <summary>Postgres, by supported major version (<c>infra:postgres.version</c>).</summary>
    public static readonly IReadOnlyDictionary<int, ImageReference> Postgres = new Dictionary<int, ImageReference>
    {
        [15] = Pin("postgres:15.8-alpine@sha256:36456aa1a5dd9f8cb8e66d0ee1896473e2cbec5afeb8a9b5e42b43e92e99b5ad"),
        [16] = Pin("postgres:16.4-alpine@sha256:5660c2cbfea50c7a9127d17dc4e48543eedd3d7a41a595a2dfa572471e37e64c"),
        [17] = Pin("postgres:17.2-alpine@sha256:7e5df973a74872482e320dcbdeb055e178d6f42de0558b083892c50cda833c96"),
    };

    private static ImageReference Pin(string reference) =>
        ImageReference.TryParse(reference, out var image, out var problem) ? image! : throw new InvalidOperationException(problem);
}
