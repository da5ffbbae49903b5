namespace Infra.Blueprint.Platform;

/// <summary>One release a stack deployed: the image it ran, when that release first went up, and where it came from.</summary>
/// <param name="Image">The app image, pinned by digest.</param>
/// <param name="DeployedAt">When the release first went up (UTC, ISO 8601).</param>
/// <param name="Source">Where it came from: <c>commit 1a2b3c4</c>, <c>promotion from org/infra/staging</c>, <c>rollback to #1</c>, or <c>manual</c>.</param>
public sealed record Release(string Image, DateTimeOffset DeployedAt, string Source);
