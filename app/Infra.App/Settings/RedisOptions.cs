using System.ComponentModel.DataAnnotations;
using Infra.Contract;
using Microsoft.Extensions.Configuration;
using Env = Infra.Contract.AppContract.Env;

namespace Infra.App.Settings;

/// <summary>Where Redis is and how to log in, read from the contract's <c>REDIS_*</c> environment variables.</summary>
public sealed class RedisOptions
{
    /// <summary>Redis host name (<c>REDIS_HOST</c>).</summary>
    [ConfigurationKeyName(Env.RedisHost)]
    [Required(ErrorMessage = Env.RedisHost + " is not set: set it to the Redis host name.")]
    public string? Host { get; set; }

    /// <summary>Redis port (<c>REDIS_PORT</c>).</summary>
    [ConfigurationKeyName(Env.RedisPort)]
    [Range(1, 65535, ErrorMessage = Env.RedisPort + " must be a TCP port between 1 and 65535.")]
    public int Port { get; set; } = 6379;

    /// <summary>
    /// File holding the password Redis requires (<c>REDIS_PASSWORD_FILE</c>). When unset, the mounted secret is used if
    /// present and no password otherwise; when set, the file must be readable.
    /// </summary>
    [ConfigurationKeyName(Env.RedisPasswordFile)]
    [ReadableFile(Env.RedisPasswordFile, AppContract.Secrets.RedisPassword)]
    public string? PasswordFile { get; set; }

    /// <summary>The password to send with <c>AUTH</c>, or null when Redis needs none.</summary>
    public string? ReadPassword()
    {
        var path = PasswordFile ?? AppContract.Secrets.PathOf(AppContract.Secrets.RedisPassword);
        return PasswordFile is null && !File.Exists(path) ? null : SecretFile.Read(path);
    }
}
