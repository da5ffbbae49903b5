namespace Infra.App.Hosting;

/// <summary>Whether the app is draining after SIGTERM, and a token cancelled once the drain window has passed.</summary>
internal sealed class DrainState
{
    private readonly CancellationTokenSource _drained = new();
    private int _draining;

    public bool IsDraining => Volatile.Read(ref _draining) == 1;

    /// <summary>Cancelled when the drain window ends, just before the server stops accepting connections.</summary>
    public CancellationToken Drained => _drained.Token;

    public bool Begin() => Interlocked.Exchange(ref _draining, 1) == 0;

    public void Complete() => _drained.Cancel();
}
