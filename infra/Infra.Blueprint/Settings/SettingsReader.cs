using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Infra.Blueprint.Settings;

/// <summary>
/// Reads a stack's raw config (Pulumi's key → text map; arrays as JSON text) into <see cref="StackSettings"/>,
/// collecting every problem with its config path before failing. Nothing downstream runs on bad settings.
/// </summary>
public sealed partial class SettingsReader
{
    private readonly IReadOnlyDictionary<string, string> _values;
    private readonly IReadOnlySet<string>? _presentSecrets;
    private readonly List<SettingsError> _errors = [];

    private SettingsReader(IReadOnlyDictionary<string, string> values, IReadOnlySet<string>? presentSecrets)
    {
        _values = values;
        _presentSecrets = presentSecrets;
    }

    /// <summary>Reads and validates; throws <see cref="SettingsException"/> listing every problem.</summary>
    /// <param name="stack">The stack name.</param>
    /// <param name="values">Config values by full key (<c>infra:app.replicas</c>), project defaults applied.</param>
    /// <param name="presentSecrets">Full keys of the secrets that are set; <c>null</c> skips the secret checks (planning without credentials).</param>
    public static StackSettings Read(string stack, IReadOnlyDictionary<string, string> values, IReadOnlySet<string>? presentSecrets = null)
    {
        var (settings, errors) = TryRead(stack, values, presentSecrets);
        return errors.Count == 0 ? settings! : throw new SettingsException(stack, errors);
    }

    /// <summary>Reads and validates, returning the settings (when valid) and every problem found.</summary>
    public static (StackSettings? Settings, IReadOnlyList<SettingsError> Errors) TryRead(
        string stack, IReadOnlyDictionary<string, string> values, IReadOnlySet<string>? presentSecrets = null)
    {
        var reader = new SettingsReader(values, presentSecrets);
        var settings = reader.ReadAll(stack);
        return reader._errors.Count == 0 ? (settings, []) : (null, reader._errors);
    }

    private StackSettings ReadAll(string stack)
    {
        CheckUnknownKeys();
        CheckSecrets();

        var production = Bool(ConfigKeys.Production);
        var domain = HostName(ConfigKeys.Domain);
        var cloudflare = new CloudflareSettings(
            HostName(ConfigKeys.CloudflareZone),
            Matching(ConfigKeys.CloudflareZoneId, ZoneIdPattern(), "a zone id is 32 hex digits (Cloudflare dashboard → your zone → Overview → Zone ID)"),
            Bool(ConfigKeys.CloudflareProxied));
        var ssh = new SshSettings(
            Matching(ConfigKeys.SshUser, UserPattern(), "use a Unix user name such as 'deploy'"),
            Int(ConfigKeys.SshPort, 1, 65535),
            Cidrs(ConfigKeys.SshAllowFrom));
        var hosts = ReadHosts(ssh);
        var app = ReadApp();
        var postgres = new PostgresSettings(
            Int(ConfigKeys.PostgresVersion, 15, 17),
            Matching(ConfigKeys.PostgresDatabase, IdentifierPattern(), "use lower-case letters, digits and '_', starting with a letter"),
            Matching(ConfigKeys.PostgresUser, IdentifierPattern(), "use lower-case letters, digits and '_', starting with a letter"),
            Int(ConfigKeys.PostgresMaxConnections, 20, 5000),
            Int(ConfigKeys.PostgresSlowQueryMs, 0, 3_600_000),
            Int(ConfigKeys.PostgresPoolSize, 1, 1000),
            Int(ConfigKeys.PostgresMaxClientConnections, 10, 100_000));
        var redis = new RedisSettings(Int(ConfigKeys.RedisMaxMemoryMb, 16, 1_048_576));
        var edge = ReadEdge();
        var monitoring = ReadMonitoring();
        var backups = ReadBackups();

        var settings = new StackSettings(stack, production, domain, cloudflare, ssh, hosts, app, postgres, redis, edge, monitoring, backups);
        CheckRules(settings);
        return settings;
    }

    private AppSettings ReadApp()
    {
        var imageText = Text(ConfigKeys.AppImage);
        ImageReference? image = null;
        if (imageText.Length > 0 && !ImageReference.TryParse(imageText, out image, out var problem))
        {
            Error(ConfigKeys.AppImage.FullName, problem);
        }

        var healthPath = Text(ConfigKeys.AppHealthPath);
        if (healthPath.Length > 0 && !PathPattern().IsMatch(healthPath))
        {
            Error(ConfigKeys.AppHealthPath.FullName, $"'{healthPath}' is not an absolute URL path; use a path such as '/health/ready'");
        }

        var cpusText = Text(ConfigKeys.AppCpus);
        decimal cpus = 0;
        if (cpusText.Length > 0
            && !(decimal.TryParse(cpusText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out cpus) && cpus >= 0.05m && cpus <= 64))
        {
            Error(ConfigKeys.AppCpus.FullName, $"expected a number of CPUs between 0.05 and 64 such as \"0.5\" (got '{cpusText}')");
        }

        var corsOrigins = List(ConfigKeys.AppCorsOrigins);
        for (var i = 0; i < corsOrigins.Count; i++)
        {
            if (!(Uri.TryCreate(corsOrigins[i], UriKind.Absolute, out var origin) && origin.Scheme is "https" or "http" && origin.AbsolutePath == "/" && !corsOrigins[i].EndsWith('/')))
            {
                Error($"{ConfigKeys.AppCorsOrigins.FullName}[{i}]", $"'{corsOrigins[i]}' is not an origin; use scheme://host[:port] with no path, e.g. https://app.example.com");
            }
        }

        return new AppSettings(
            image ?? new ImageReference("invalid", "invalid", "sha256:" + new string('0', 64)),
            Int(ConfigKeys.AppReplicas, 1, 50),
            Int(ConfigKeys.AppPort, 1, 65535),
            healthPath,
            ReadHealthcheck(),
            ReadEnvironment(),
            cpus,
            Int(ConfigKeys.AppMemoryMb, 64, 262_144),
            Int(ConfigKeys.AppDrainSeconds, 0, 300),
            corsOrigins,
            PromoteFrom());
    }

    private string PromoteFrom()
    {
        var value = Text(ConfigKeys.AppPromoteFrom, required: false);
        if (value.Length > 0 && !StackNamePattern().IsMatch(value))
        {
            Error(ConfigKeys.AppPromoteFrom.FullName, $"'{value}' is not a stack name; use <stack>, <project>/<stack> or <organization>/<project>/<stack>, e.g. acme/infra/staging");
        }

        return value;
    }

    private IReadOnlyList<string> ReadHealthcheck()
    {
        var key = ConfigKeys.AppHealthcheck;
        var test = List(key);
        var valid = test.Count switch
        {
            0 => false,
            _ when test[0] == "CMD" => test.Count >= 2,
            _ when test[0] == "CMD-SHELL" => test.Count == 2,
            _ => false,
        };
        if (!valid)
        {
            Error(key.FullName, "expected a Docker healthcheck test: [CMD, program, args…] or [CMD-SHELL, \"command\"], e.g. [CMD, curl, -fsS, \"http://127.0.0.1:{port}{path}\"]");
        }

        return test;
    }

    private IReadOnlyDictionary<string, string> ReadEnvironment()
    {
        var key = ConfigKeys.AppEnvironment;
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var entries = List(key);
        for (var i = 0; i < entries.Count; i++)
        {
            var path = $"{key.FullName}[{i}]";
            var separator = entries[i].IndexOf('=');
            if (separator <= 0)
            {
                Error(path, $"'{entries[i]}' is not NAME=value");
                continue;
            }

            var name = entries[i][..separator];
            if (!EnvNamePattern().IsMatch(name))
            {
                Error(path, $"'{name}' is not a valid variable name; use upper-case letters, digits and '_'");
            }
            else if (Infra.Contract.AppContract.Env.All.Contains(name))
            {
                Error(path, $"{name} is set by the platform (see app/CONTRACT.md); remove it from {key.FullName}");
            }
            else if (CredentialNamePattern().IsMatch(name))
            {
                Error(path, $"{name} looks like a credential; credentials reach services only as Swarm secrets, never as environment values");
            }
            else if (!result.TryAdd(name, entries[i][(separator + 1)..]))
            {
                Error(path, $"{name} is set twice; keep one entry");
            }
        }

        return result;
    }

    private MonitoringSettings ReadMonitoring()
    {
        var enabled = Bool(ConfigKeys.MonitoringEnabled);
        var alertEmail = Email(ConfigKeys.MonitoringAlertEmail);
        var smarthost = Text(ConfigKeys.MonitoringSmtpSmarthost, required: alertEmail.Length > 0);
        if (smarthost.Length > 0 && !SmarthostPattern().IsMatch(smarthost))
        {
            Error(ConfigKeys.MonitoringSmtpSmarthost.FullName, $"'{smarthost}' is not host:port; use the relay's name and submission port, e.g. smtp.example.com:587");
        }

        var smtpFrom = Text(ConfigKeys.MonitoringSmtpFrom, required: alertEmail.Length > 0);
        if (smtpFrom.Length > 0 && !EmailPattern().IsMatch(smtpFrom))
        {
            Error(ConfigKeys.MonitoringSmtpFrom.FullName, $"'{smtpFrom}' is not an email address; use the sender, e.g. alerts@example.com");
        }

        var smtpUser = Text(ConfigKeys.MonitoringSmtpUsername, required: false);
        var slackChannel = Text(ConfigKeys.MonitoringSlackChannel, required: false);
        if (slackChannel.Length > 0 && !SlackChannelPattern().IsMatch(slackChannel))
        {
            Error(ConfigKeys.MonitoringSlackChannel.FullName, $"'{slackChannel}' is not a Slack channel; use '#' and lower-case letters, digits, '-' or '_', e.g. #alerts");
        }

        var heartbeat = Text(ConfigKeys.MonitoringHeartbeatUrl, required: false);
        if (heartbeat.Length > 0 && !(Uri.TryCreate(heartbeat, UriKind.Absolute, out var heartbeatUri) && heartbeatUri.Scheme == "https"))
        {
            Error(ConfigKeys.MonitoringHeartbeatUrl.FullName, $"'{heartbeat}' is not an https URL; use the ping URL your dead man's switch service gives you, or leave it empty");
        }

        var severityText = Text(ConfigKeys.MonitoringMaxSeverity);
        var severity = AlertSeverity.Critical;
        if (severityText.Length > 0 && !(Enum.TryParse(severityText, ignoreCase: true, out severity) && severityText == severityText.ToLowerInvariant() && severity != AlertSeverity.Info))
        {
            Error(ConfigKeys.MonitoringMaxSeverity.FullName, $"expected critical or warning (got '{severityText}')");
            severity = AlertSeverity.Critical;
        }

        return new MonitoringSettings(
            enabled,
            enabled ? HostName(ConfigKeys.MonitoringGrafanaHostname) : Text(ConfigKeys.MonitoringGrafanaHostname, required: false),
            Int(ConfigKeys.MonitoringRetentionDays, 1, 3650),
            alertEmail,
            Int(ConfigKeys.MonitoringLogRetentionDays, 1, 3650),
            smarthost.Length > 0 ? new SmtpSettings(smarthost, smtpFrom, smtpUser) : null,
            slackChannel,
            heartbeat,
            severity,
            Int(ConfigKeys.MonitoringGroupWaitSeconds, 0, 600),
            Int(ConfigKeys.MonitoringRepeatIntervalHours, 1, 168));
    }

    private BackupSettings ReadBackups()
    {
        var enabled = Bool(ConfigKeys.BackupsEnabled);
        var schedule = Schedule(ConfigKeys.BackupsSchedule, "0 3 * * *");
        var drillSchedule = Schedule(ConfigKeys.BackupsDrillSchedule, "30 5 * * *");

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

    private CronSchedule Schedule(ConfigKey key, string fallback)
    {
        var text = Text(key);
        if (text.Length == 0)
        {
            return new CronSchedule(fallback);
        }

        if (CronSchedule.TryParse(text, out var schedule, out var problem))
        {
            return schedule!;
        }

        Error(key.FullName, problem);
        return new CronSchedule(fallback);
    }

    private void CheckUnknownKeys()
    {
        var known = ConfigKeys.All.Select(k => k.FullName).ToHashSet(StringComparer.Ordinal);
        foreach (var key in _values.Keys.Where(k => k.StartsWith(ConfigKeys.Namespace + ":", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            if (!known.Contains(key))
            {
                var suggestion = known.MinBy(k => EditDistance(k, key))!;
                var hint = EditDistance(suggestion, key) <= 3 ? $"did you mean '{suggestion}'?" : "see docs/config.md for the keys Infra reads";
                Error(key, $"unknown setting; {hint}");
            }
        }
    }

    private void CheckSecrets()
    {
        if (_presentSecrets is null)
        {
            return;
        }

        var backupsEnabled = _values.TryGetValue(ConfigKeys.BackupsEnabled.FullName, out var raw) && raw == "true";
        foreach (var key in ConfigKeys.Secrets)
        {
            var needed = key.Name.StartsWith("backups.", StringComparison.Ordinal) ? backupsEnabled
                : key == ConfigKeys.MonitoringSlackWebhook ? !string.IsNullOrWhiteSpace(Raw(ConfigKeys.MonitoringSlackChannel))
                : key == ConfigKeys.MonitoringSmtpPassword ? !string.IsNullOrWhiteSpace(Raw(ConfigKeys.MonitoringSmtpUsername))
                : true;
            if (needed && !_presentSecrets.Contains(key.FullName))
            {
                Error(key.FullName, $"missing secret; set it with: pulumi config set --secret {key.FullName} <value>");
            }
        }
    }

    private void Error(string path, string message) => _errors.Add(new SettingsError(path, message));

    private string? Raw(ConfigKey key) => _values.TryGetValue(key.FullName, out var value) ? value : null;

    private string Text(ConfigKey key, bool required = true)
    {
        var value = Raw(key)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Error(key.FullName, $"missing; set it with: pulumi config set {key.FullName} <value>");
            }

            return "";
        }

        return value;
    }

    private string Matching(ConfigKey key, Regex pattern, string fix)
    {
        var value = Text(key);
        if (value.Length > 0 && !pattern.IsMatch(value))
        {
            Error(key.FullName, $"'{value}' is not valid; {fix}");
        }

        return value;
    }

    private string HostName(ConfigKey key)
    {
        var value = Text(key).ToLowerInvariant();
        if (value.Length > 0 && !IsHostName(value))
        {
            Error(key.FullName, $"'{value}' is not a DNS name; use a name such as app.example.com");
        }

        return value;
    }

    private string Email(ConfigKey key)
    {
        var value = Text(key, required: false);
        if (value.Length > 0 && !EmailPattern().IsMatch(value))
        {
            Error(key.FullName, $"'{value}' is not an email address; use name@example.com or leave it empty");
        }

        return value;
    }

    private int Int(ConfigKey key, int min, int max)
    {
        var text = Text(key);
        if (text.Length == 0)
        {
            return min;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(key.FullName, $"expected a whole number between {min} and {max} (got '{text}')");
            return min;
        }

        if (value < min || value > max)
        {
            Error(key.FullName, $"must be between {min} and {max} (got {value})");
        }

        return value;
    }

    private bool Bool(ConfigKey key)
    {
        var text = Text(key);
        switch (text)
        {
            case "true":
                return true;
            case "false" or "":
                return false;
            default:
                Error(key.FullName, $"expected true or false (got '{text}')");
                return false;
        }
    }

    private IReadOnlyList<string> List(ConfigKey key)
    {
        var text = Raw(key)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                Error(key.FullName, "expected a list; write it as a YAML sequence (- item) in the stack file");
                return [];
            }

            var items = new List<string>();
            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)
                {
                    Error($"{key.FullName}[{index}]", "expected a string");
                }
                else
                {
                    items.Add(element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText());
                }

                index++;
            }

            return items;
        }
        catch (JsonException)
        {
            Error(key.FullName, "expected a list; write it as a YAML sequence (- item) in the stack file");
            return [];
        }
    }

    private IReadOnlyList<string> Cidrs(ConfigKey key)
    {
        var cidrs = List(key);
        for (var i = 0; i < cidrs.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(cidrs[i], out _))
            {
                Error($"{key.FullName}[{i}]", $"'{cidrs[i]}' is not a CIDR range; use e.g. 198.51.100.0/24 or 2001:db8::/32");
            }
        }

        return cidrs;
    }

    internal static bool IsHostName(string value) =>
        value.Length <= 253 && value.Contains('.') && value.Split('.').All(label => LabelPattern().IsMatch(label));

    private static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }

    [GeneratedRegex("^([A-Za-z0-9_.-]+/){0,2}[A-Za-z0-9_.-]+$")]
    private static partial Regex StackNamePattern();

    [GeneratedRegex("^[a-f0-9]{32}$")]
    private static partial Regex ZoneIdPattern();

    [GeneratedRegex("^[a-z_][a-z0-9_-]{0,31}$")]
    private static partial Regex UserPattern();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    internal static partial Regex LabelPattern();

    [GeneratedRegex("^/[A-Za-z0-9._~/-]*$")]
    private static partial Regex PathPattern();

    [GeneratedRegex("^[A-Z_][A-Z0-9_]*$")]
    private static partial Regex EnvNamePattern();

    [GeneratedRegex("(PASSWORD|SECRET|TOKEN|PRIVATE_KEY|API_KEY|CREDENTIAL)")]
    private static partial Regex CredentialNamePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketPattern();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?:[0-9]{1,5}$")]
    private static partial Regex SmarthostPattern();

    [GeneratedRegex("^#[a-z0-9][a-z0-9._-]{0,79}$")]
    private static partial Regex SlackChannelPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
