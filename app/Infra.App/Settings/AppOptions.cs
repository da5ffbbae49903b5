using System.ComponentModel.DataAnnotations;
using Infra.Contract;
using Microsoft.Extensions.Configuration;
using Env = Infra.Contract.AppContract.Env;

namespace Infra.App.Settings;

/// <summary>How the app serves HTTP, read from the contract's <c>APP_*</c> environment variables.</summary>
public sealed class AppOptions
{
    /// <summary>Port to listen on (<c>APP_PORT</c>); defaults to the contract port.</summary>
    [ConfigurationKeyName(Env.Port)]
    [Range(1, 65535, ErrorMessage = Env.Port + " must be a TCP port between 1 and 65535.")]
    public int Port { get; set; } = AppContract.Port;

    /// <summary>Address to listen on (<c>APP_BIND_ADDRESS</c>); every interface by default, as a container needs.</summary>
    [ConfigurationKeyName(Env.BindAddress)]
    [IpAddress(Env.BindAddress)]
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>The stack name (<c>APP_ENVIRONMENT</c>), reported in build info.</summary>
    [ConfigurationKeyName(Env.Environment)]
    [Required(ErrorMessage = Env.Environment + " must not be empty.")]
    public string Environment { get; set; } = "local";

    /// <summary>The deployed version (<c>APP_VERSION</c>), reported by health and build-info metrics.</summary>
    [ConfigurationKeyName(Env.Version)]
    [Required(ErrorMessage = Env.Version + " must not be empty.")]
    public string Version { get; set; } = "dev";

    /// <summary>The replica's stable name (<c>APP_INSTANCE</c>); the host name by default.</summary>
    [ConfigurationKeyName(Env.Instance)]
    [Required(ErrorMessage = Env.Instance + " must not be empty.")]
    public string Instance { get; set; } = System.Environment.MachineName;

    /// <summary>Seconds to keep serving after SIGTERM while readiness reports 503 (<c>APP_DRAIN_SECONDS</c>).</summary>
    [ConfigurationKeyName(Env.DrainSeconds)]
    [Range(0, 300, ErrorMessage = Env.DrainSeconds + " must be a number of seconds between 0 and 300.")]
    public int DrainSeconds { get; set; } = AppContract.DefaultDrainSeconds;

    /// <summary>Comma-separated origins allowed by CORS and for WebSocket connections (<c>APP_CORS_ORIGINS</c>); empty allows none.</summary>
    [ConfigurationKeyName(Env.CorsOrigins)]
    [OriginList(Env.CorsOrigins)]
    public string? CorsOrigins { get; set; }

    /// <summary>File holding the key that signs pagination cursors (<c>APP_SIGNING_KEY_FILE</c>); at least 32 bytes.</summary>
    [ConfigurationKeyName(Env.SigningKeyFile)]
    [ReadableFile(Env.SigningKeyFile, AppContract.Secrets.SigningKey, MinimumBytes = 32)]
    public string SigningKeyFile { get; set; } = AppContract.Secrets.PathOf(AppContract.Secrets.SigningKey);

    /// <summary>Requests each client IP may make per minute (<c>APP_RATE_LIMIT_PER_MINUTE</c>).</summary>
    [ConfigurationKeyName(Env.RateLimitPerMinute)]
    [Range(1, 10_000_000, ErrorMessage = Env.RateLimitPerMinute + " must be between 1 and 10000000 requests per minute.")]
    public int RateLimitPerMinute { get; set; } = 600;

    /// <summary>Largest request body accepted, in bytes (<c>APP_MAX_REQUEST_BODY_BYTES</c>).</summary>
    [ConfigurationKeyName(Env.MaxRequestBodyBytes)]
    [Range(1024, 100L * 1024 * 1024, ErrorMessage = Env.MaxRequestBodyBytes + " must be between 1024 and 104857600 bytes.")]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Port serving only <c>/metrics</c> (<c>APP_METRICS_PORT</c>); the app port answers 404 there, so the edge can never forward metrics.</summary>
    [ConfigurationKeyName(Env.MetricsPort)]
    [Range(1, 65535, ErrorMessage = Env.MetricsPort + " must be a TCP port between 1 and 65535, other than " + Env.Port + ".")]
    public int MetricsPort { get; set; } = AppContract.MetricsPort;

    /// <summary>Open WebSockets this replica serves at once (<c>APP_MAX_WEBSOCKETS</c>); more get 503.</summary>
    [ConfigurationKeyName(Env.MaxWebSockets)]
    [Range(1, 1_000_000, ErrorMessage = Env.MaxWebSockets + " must be between 1 and 1000000.")]
    public int MaxWebSockets { get; set; } = 1000;

    /// <summary>The CORS origins as a list.</summary>
    public IReadOnlyList<string> ParseAllowedOrigins() => OriginListAttribute.Parse(CorsOrigins);
}
