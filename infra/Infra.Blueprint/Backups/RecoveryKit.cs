using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Backups;

/// <summary>
/// What a restore needs when nothing else is left (the db host gone, the Pulumi state gone): the restic repository,
/// its password (generated into the Pulumi state, nowhere else) and the S3 keys, as the environment restic reads.
/// The stack exports it as one secret output, <see cref="OutputName"/>, for the operator to copy into a password
/// manager when the stack is created (docs/runbooks/recovery.md); the restore drill proves it is enough.
/// </summary>
public static class RecoveryKit
{
    /// <summary>The stack output holding the kit (a secret).</summary>
    public const string OutputName = "recoveryKit";

    /// <summary>The kit for <paramref name="settings"/> and the three secret values, by the variable restic reads each from.</summary>
    public static IReadOnlyDictionary<string, string> Environment(StackSettings settings, string resticPassword, string s3AccessKeyId, string s3SecretAccessKey) =>
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["RESTIC_REPOSITORY"] = settings.Backups.ResticRepository(settings.Stack),
            ["RESTIC_PASSWORD"] = resticPassword,
            ["AWS_ACCESS_KEY_ID"] = s3AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = s3SecretAccessKey,
            ["AWS_DEFAULT_REGION"] = settings.Backups.S3Region,
        };

    /// <summary>The stack config keys of the S3 keys the kit carries.</summary>
    public static IReadOnlyList<ConfigKey> S3Keys { get; } = [ConfigKeys.BackupsS3AccessKeyId, ConfigKeys.BackupsS3SecretAccessKey];
}
