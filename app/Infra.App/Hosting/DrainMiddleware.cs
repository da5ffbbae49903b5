namespace Infra.App.Hosting;

/// <summary>
/// While draining, asks every client to close its connection after the response, so no idle keep-alive connection is
/// left for the load balancer to reuse at the moment the server closes it.
/// </summary>
internal sealed class DrainMiddleware(RequestDelegate next, DrainState state)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (state.IsDraining && !context.WebSockets.IsWebSocketRequest)
        {
            context.Response.Headers.Connection = "close";
        }

        return next(context);
    }
}
