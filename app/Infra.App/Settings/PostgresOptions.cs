using System.ComponentModel.DataAnnotations;
using Infra.Contract;
using Microsoft.Extensions.Configuration;
using Env = Infra.Contract.AppContract.Env;

namespace Infra.App.Settings;

/// <summary>Where Postgres is and how to log in, read from the contract's <c>POSTGRES_*</c> environment variables.</summary>
public sealed class PostgresOptions : IValidatableObject
{
    /// <summary>Postgres host name (<c>POSTGRES_HOST</c>).</summary>
    [ConfigurationKeyName(Env.PostgresHost)]
    [Required(ErrorMessage = Env.PostgresHost + " is not set: set it to the Postgres host name.")]
    public string? Host { get; set; }

    /// <summary>Postgres port (<c>POSTGRES_PORT</c>).</summary>
    [ConfigurationKeyName(Env.PostgresPort)]
    [Range(1, 65535, ErrorMessage = Env.PostgresPort + " must be a TCP port between 1 and 65535.")]
    public int Port { get; set; } = 5432;

    /// <summary>Database name (<c>POSTGRES_DATABASE</c>).</summary>
    [ConfigurationKeyName(Env.PostgresDatabase)]
    [Required(ErrorMessage = Env.PostgresDatabase + " is not set: set it to the database the app owns.")]
    public string? Database { get; set; }

    /// <summary>Role to log in as (<c>POSTGRES_USER</c>).</summary>
    [ConfigurationKeyName(Env.PostgresUser)]
    [Required(ErrorMessage = Env.PostgresUser + " is not set: set it to the app's Postgres role.")]
    public string? User { get; set; }

    /// <summary>File holding the role's password (<c>POSTGRES_PASSWORD_FILE</c>); the mounted secret by default.</summary>
    [ConfigurationKeyName(Env.PostgresPasswordFile)]
    [ReadableFile(Env.PostgresPasswordFile, AppContract.Secrets.PostgresPassword)]
    public string PasswordFile { get; set; } = AppContract.Secrets.PathOf(AppContract.Secrets.PostgresPassword);

    /// <summary>
    /// TLS to the database (<c>POSTGRES_SSL_MODE</c>): <c>disable</c>, <c>require</c> or <c>verify-full</c>. The platform sets
    /// <c>verify-full</c> when the app reaches the database from another host.
    /// </summary>
    [ConfigurationKeyName(Env.PostgresSslMode)]
    [RegularExpression("^(disable|require|verify-full)$", ErrorMessage = Env.PostgresSslMode + " must be disable, require or verify-full.")]
    public string SslMode { get; set; } = "disable";

    /// <summary>The CA certificate that signs the database's certificate (<c>POSTGRES_SSL_ROOT_CERT_FILE</c>); required with verify-full.</summary>
    [ConfigurationKeyName(Env.PostgresSslRootCertFile)]
    public string? SslRootCertFile { get; set; }

    /// <summary>Most connections this replica opens (<c>POSTGRES_MAX_POOL_SIZE</c>).</summary>
    [ConfigurationKeyName(Env.PostgresMaxPoolSize)]
    [Range(1, 1000, ErrorMessage = Env.PostgresMaxPoolSize + " must be between 1 and 1000 connections.")]
    public int MaxPoolSize { get; set; } = 20;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SslMode == "verify-full" && (string.IsNullOrEmpty(SslRootCertFile) || !File.Exists(SslRootCertFile)))
        {
            yield return new ValidationResult(
                $"{Env.PostgresSslRootCertFile} must name a readable CA certificate file when {Env.PostgresSslMode} is verify-full.",
                [nameof(SslRootCertFile)]);
        }
    }
}
