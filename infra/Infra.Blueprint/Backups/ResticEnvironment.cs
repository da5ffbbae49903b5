using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Backups;

/// <summary>
/// The bash both the backup and the restore drill start with to reach the restic repository: defaults for its
/// environment (overridable, so the tests point them at a local repository), and the S3 credentials read from the
/// Swarm secret files into restic's environment only.
/// </summary>
internal static class ResticEnvironment
{
    /// <summary>Defaults of the repository, credential files, host tag, work and metrics directories.</summary>
    public static string Defaults(StackSettings settings, BackupRuntime runtime) => $$"""
        : "${RESTIC_BIN:={{runtime.Restic}}}" "${RESTIC_REPOSITORY:={{runtime.Repository}}}"
        : "${RESTIC_PASSWORD_FILE:={{runtime.ResticPasswordFile}}}"
        : "${AWS_ACCESS_KEY_ID_FILE:={{runtime.S3AccessKeyIdFile}}}" "${AWS_SECRET_ACCESS_KEY_FILE:={{runtime.S3SecretAccessKeyFile}}}"
        : "${AWS_DEFAULT_REGION:={{settings.Backups.S3Region}}}"
        : "${BACKUP_HOST:={{settings.Stack}}}" "${BACKUP_WORK_DIR:={{runtime.WorkDirectory}}}"
        : "${METRICS_DIR:={{runtime.MetricsDirectory}}}"
        """;

    /// <summary>Defines <c>read_secret</c> and exports the S3 credentials when their files exist (a local repository needs none).</summary>
    public const string Credentials = """
        # Credentials come from Swarm secret files; only restic's own environment carries them.
        read_secret() { tr -d '\r\n' <"$1"; }
        if [[ -f $AWS_ACCESS_KEY_ID_FILE ]]; then
          AWS_ACCESS_KEY_ID="$(read_secret "$AWS_ACCESS_KEY_ID_FILE")"
          AWS_SECRET_ACCESS_KEY="$(read_secret "$AWS_SECRET_ACCESS_KEY_FILE")"
          export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
        fi
        """;
}
