namespace Infra.Blueprint.Platform;

/// <summary>An object-storage bucket the stack declares (a Cloudflare R2 bucket) for the offsite backups.</summary>
/// <param name="Name">Bucket name.</param>
/// <param name="AccountId">Cloudflare account id the bucket belongs to.</param>
/// <param name="Protected">Whether <c>pulumi destroy</c> must refuse to delete it (production: the backups outlive the stack).</param>
public sealed record BucketSpec(string Name, string AccountId, bool Protected);
