namespace Infra.Blueprint.Platform;

/// <summary>A file the plan renders, with its path relative to the output directory of <c>plan --out</c>.</summary>
/// <param name="Path">Relative path, e.g. <c>edge/nginx.conf</c>.</param>
/// <param name="Content">Exact content.</param>
public sealed record RenderedFile(string Path, string Content);
