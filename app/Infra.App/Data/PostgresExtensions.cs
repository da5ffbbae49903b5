using Infra.App.Settings;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Infra.App.Data;

/// <summary>Registers the pooled Postgres data source.</summary>
internal static class PostgresExtensions
{
    public static void AddPostgres(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<PostgresOptions>();
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<PostgresOptions>>().Value;
            var app = sp.GetService<IOptions<AppOptions>>()?.Value;
            var connection = new NpgsqlConnectionStringBuilder
            {
                Host = options.Host,
                Port = options.Port,
                Database = options.Database,
                Username = options.User,
                Password = SecretFile.Read(options.PasswordFile),
                MaxPoolSize = options.MaxPoolSize,
                // Fail fast when Postgres is down: readiness reports it and the request gets a 503 instead of hanging.
                Timeout = 5,
                CommandTimeout = 30,
                // Idle pooled connections are dropped after a minute, so a restarted Postgres is not met with a pool of dead sockets.
                ConnectionIdleLifetime = 60,
                KeepAlive = 30,
                ApplicationName = $"infra-app/{app?.Instance ?? "migrate"}",
                SslMode = options.SslMode switch
                {
                    "verify-full" => SslMode.VerifyFull,
                    "require" => SslMode.Require,
                    _ => SslMode.Disable,
                },
            };
            if (!string.IsNullOrEmpty(options.SslRootCertFile))
            {
                connection.RootCertificate = options.SslRootCertFile;
            }

            return new NpgsqlDataSourceBuilder(connection.ConnectionString)
                .UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>())
                .Build();
        });
    }
}
