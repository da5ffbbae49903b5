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

        var production = Bool(ConfigKeys.Production);
        var domain = HostName(ConfigKeys.Domain);
        var cloudflare = new CloudflareSettings(
            HostName(ConfigKeys.CloudflareZone),
            Matching(ConfigKeys.CloudflareZoneId, ZoneIdPattern(), "a zone id is 32 hex digits (Cloudflare dashboard → your zone → Overview → Zone ID)"),
            Bool(ConfigKeys.CloudflareProxied),
            Bool(ConfigKeys.CloudflareWww));
        var ssh = ReadSsh();
        var hosts = ReadHosts(ssh);
        var dockerSource = ReadDockerSource();
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

        var settings = new StackSettings(stack, production, domain, cloudflare, ssh, hosts, app, postgres, redis, edge, monitoring, backups, dockerSource)
        {
            AppSecrets = ReadAppSecrets(),
            Registry = ReadRegistry(),
        };
        EndOfReading();
        CheckRules(settings);
        return CheckSecretSettings(settings);
    }

    private void CheckUnknownKeys()
    {
        var known = ConfigKeys.All.Select(k => k.FullName).ToHashSet(StringComparer.Ordinal);
        foreach (var key in _values.Keys.Where(k => k.StartsWith(ConfigKeys.Namespace + ":", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            if (!known.Contains(key) && !key.StartsWith(ConfigKeys.Namespace + ":" + ConfigKeys.AppSecretPrefix, StringComparison.Ordinal))
            {
                var hint = Spelling.Closest(key, known) is { } suggestion ? $"did you mean '{suggestion}'?" : "see docs/config.md for the keys Infra reads";
                Error(key, $"unknown setting; {hint}");
            }
        }
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
