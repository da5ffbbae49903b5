namespace Infra.Components.Platform;

/// <summary>The resource options a volume was declared with, as the tests and reviewers read them.</summary>
/// <param name="Name">Volume name.</param>
/// <param name="Host">Host the volume lives on.</param>
/// <param name="Protect"><c>pulumi destroy</c> refuses to delete it.</param>
/// <param name="RetainOnDelete">When removed from the program, Pulumi forgets it but Docker keeps it.</param>
public sealed record VolumeProtection(string Name, string Host, bool Protect, bool RetainOnDelete);
