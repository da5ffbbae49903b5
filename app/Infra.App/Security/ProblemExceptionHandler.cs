using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Infra.App.Security;

/// <summary>
/// Turns an exception into an RFC 7807 problem without its message or stack trace: bad input the framework found
/// keeps its 4xx, an unreachable database is a 503 the client may retry, anything else is a plain 500.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            // The framework's own words about the input (and the JSON reader's, with the path it choked at) help the
            // client and reveal nothing about the server.
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.InnerException is JsonException json ? json.Message : bad.Message),
            _ when IsDatabaseUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, "Database unavailable", "Retry shortly."),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error", null),
        };

        if (status >= 500)
        {
            logger.LogError(exception, "Request failed with {StatusCode}: {Reason}", status, exception.Message);
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "5";
        }

        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    private static bool IsDatabaseUnavailable(Exception exception) =>
        exception is NpgsqlException { IsTransient: true }
        || exception is NpgsqlException { InnerException: SocketException or IOException or TimeoutException }
        || exception is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections };
}
