using Infra.App.Security;
using Infra.App.Settings;
using Infra.Contract;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebSockets;
using Microsoft.Extensions.Options;

namespace Infra.App.Updates;

/// <summary>The WebSocket endpoint that pushes task changes to browsers.</summary>
internal static class TaskUpdatesApi
{
    public static void AddTaskUpdates(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TaskUpdateHub>();
        builder.Services.AddSingleton<TaskUpdates>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TaskUpdates>());
        builder.Services.AddWebSockets(o => o.KeepAliveInterval = TimeSpan.FromSeconds(30));
    }

    public static void MapTaskUpdates(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(AppContract.Paths.WebSocket, ConnectAsync);

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> ConnectAsync(
        HttpContext context, TaskUpdateHub hub, OriginPolicy origins, IOptions<AppOptions> options)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest, title: "WebSocket upgrade required",
                detail: $"{AppContract.Paths.WebSocket} streams task changes; connect with a WebSocket client.");
        }

        if (!origins.AllowsWebSocket(context.Request))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden, title: "Origin not allowed",
                detail: $"Origin {context.Request.Headers.Origin} is not in the app's allowed origins.");
        }

        // The edge caps each replica at the same number (max_conns); this holds for whatever else connects.
        if (hub.Count >= options.Value.MaxWebSockets)
        {
            context.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Too many live connections",
                detail: $"This replica serves {options.Value.MaxWebSockets} WebSockets at most; retry later.");
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await hub.ServeAsync(socket, TaskChange.Hello(options.Value.Instance), context.RequestAborted);
        return TypedResults.Empty;
    }
}
