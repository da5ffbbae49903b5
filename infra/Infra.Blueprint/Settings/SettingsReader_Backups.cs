using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Infra.Blueprint.Settings;

// Backups' settings: schedules, bucket, retention.
public sealed partial class SettingsReader
{
    // Returned with a reported problem, in place of the default (which lives in Pulumi.yaml alone); never planned,
    // since a reader with problems throws before any plan is built.
    private static readonly CronSchedule Unplanned = new("0 0 * * *");

    private BackupSettings ReadBackups()
    {
        var enabled = Bool(ConfigKeys.BackupsEnabled);
        var schedule = Schedule(ConfigKeys.BackupsSchedule);
        var drillSchedule = Schedule(ConfigKeys.BackupsDrillSchedule);

        var accountId = Text(ConfigKeys.BackupsR2AccountId, required: false).ToLowerInvariant();
        if (accountId.Length > 0 && !ZoneIdPattern().IsMatch(accountId))
        {
            Error(ConfigKeys.BackupsR2AccountId.FullName, $"'{accountId}' is not a Cloudflare account id; use the 32 hex digits from the dashboard (R2 → Account details), or leave it empty to use an existing bucket");
        }

        var derived = accountId.Length > 0 ? $"https://{accountId}.r2.cloudflarestorage.com" : "";
        var endpoint = Text(ConfigKeys.BackupsS3Endpoint, required: false);
        if (endpoint.Length == 0)
        {
            endpoint = derived;
            if (enabled && endpoint.Length == 0)
            {
                Error(ConfigKeys.BackupsS3Endpoint.FullName, $"missing; set it with: pulumi config set {ConfigKeys.BackupsS3Endpoint.FullName} <https url>, or set {ConfigKeys.BackupsR2AccountId.FullName} to let the stack declare an R2 bucket");
            }
        }
        else if (!(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme == "https" && uri.AbsolutePath == "/"))
        {
            Error(ConfigKeys.BackupsS3Endpoint.FullName, $"'{endpoint}' is not an https endpoint URL without a path, e.g. https://<account>.r2.cloudflarestorage.com");
        }
        else if (derived.Length > 0 && endpoint.TrimEnd('/') != derived)
        {
            Error(ConfigKeys.BackupsS3Endpoint.FullName, $"'{endpoint}' is not the endpoint of the R2 account {accountId} ({derived}); remove it (it is derived) or remove {ConfigKeys.BackupsR2AccountId.FullName}");
        }

        var bucket = Text(ConfigKeys.BackupsBucket, required: enabled);
        if (bucket.Length > 0 && !BucketPattern().IsMatch(bucket))
        {
            Error(ConfigKeys.BackupsBucket.FullName, $"'{bucket}' is not a valid bucket name; use 3-63 lower-case letters, digits and '-'");
        }

        return new BackupSettings(
            enabled,
            schedule,
            endpoint.TrimEnd('/'),
            bucket,
            Int(ConfigKeys.BackupsKeepDaily, 1, 366),
            Int(ConfigKeys.BackupsKeepWeekly, 0, 520),
            Int(ConfigKeys.BackupsKeepMonthly, 0, 240),
            accountId,
            Bool(ConfigKeys.BackupsPointInTimeRecovery),
            drillSchedule);
    }

    private CronSchedule Schedule(ConfigKey key)
    {
        var text = Text(key);
        if (text.Length == 0)
        {
            return Unplanned;
        }

        if (CronSchedule.TryParse(text, out var schedule, out var problem))
        {
            if (schedule!.LongestGap() is null)
            {
                Error(key.FullName, $"'{text}' never runs (no such day in any year); pick days that exist, e.g. '0 3 * * *'");
                return Unplanned;
            }

            return schedule;
        }

        Error(key.FullName, problem);
        return Unplanned;
    }
}
