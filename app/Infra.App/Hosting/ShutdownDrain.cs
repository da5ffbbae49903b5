using Infra.App.Metrics;
using Infra.App.Settings;
using Microsoft.Extensions.Options;

namespace Infra.App.Hosting;

/// <summary>
/// On SIGTERM, flips readiness to 503 at once and keeps serving for the drain window, so the load balancer stops
/// sending new requests before the server stops accepting them. The host calls <see cref="StoppingAsync"/> before it
/// stops the server, which then lets in-flight requests finish.
/// </summary>
internal sealed class ShutdownDrain(DrainState state, IOptions<AppOptions> options, AppMetrics metrics, ILogger<ShutdownDrain> logger)
    : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (!state.Begin())
        {
            return;
        }

        metrics.Draining.Set(1);
        var window = TimeSpan.FromSeconds(options.Value.DrainSeconds);
        logger.LogInformation("Shutdown requested: readiness now reports 503; serving for {DrainSeconds} s more", window.TotalSeconds);
        try
        {
            await Task.Delay(window, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Drain window cut short by the host's shutdown timeout");
        }

        logger.LogInformation("Drain window over: closing listeners and waiting for in-flight requests");
        state.Complete();
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
