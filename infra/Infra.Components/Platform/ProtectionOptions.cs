namespace Infra.Components.Platform;

/// <summary>The resource options a stateful resource (volume, bucket) was declared with, as the tests and reviewers read them.</summary>
/// <param name="Name">Volume or bucket name.</param>
/// <param name="Location">Where it lives: the volume's host, the bucket's Cloudflare account.</param>
/// <param name="Protect"><c>pulumi destroy</c> refuses to delete it.</param>
/// <param name="RetainOnDelete">When removed from the program, Pulumi forgets it but the data stays.</param>
public sealed record ProtectionOptions(string Name, string Location, bool Protect, bool RetainOnDelete);
