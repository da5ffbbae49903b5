using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Infra.Loopback;

/// <summary>
/// Stands in for a Swarm service's virtual IP: a stable loopback port nginx's upstream names, forwarding each new
/// connection to the task behind it now. Switching the target moves new connections to the new task while
/// established ones stay with the old task until either side closes them, as IPVS does for a Swarm VIP. nginx's
/// config never changes during a rollout, so a rollout involves no nginx reload, as on a real Swarm.
/// </summary>
public sealed class VirtualIp : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, int> _connections = new();
    private readonly ConcurrentDictionary<int, int> _refused = new();
    private readonly Task _accepting;
    private volatile int _target;

    /// <summary>Listens on a free loopback port and forwards to <paramref name="target"/>.</summary>
    public VirtualIp(int target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(backlog: 1024);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The stable port.</summary>
    public int Port { get; }

    /// <summary>The port new connections are forwarded to.</summary>
    public int Target => _target;

    /// <summary>Sends new connections to <paramref name="target"/>; established connections are left alone.</summary>
    public void Switch(int target) => _target = target;

    /// <summary>Connections forwarded to <paramref name="target"/> so far.</summary>
    public int ConnectionsTo(int target) => _connections.GetValueOrDefault(target);

    /// <summary>Connections whose forward to <paramref name="target"/> was refused (no task listening there) so far.</summary>
    public int RefusedBy(int target) => _refused.GetValueOrDefault(target);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopping the listener ends the accept loop.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = ForwardAsync(client, _target);
        }
    }

    private async Task ForwardAsync(TcpClient client, int target)
    {
        using (client)
        using (var backend = new TcpClient())
        {
            try
            {
                // A dead task refuses the connection: the client's connection is closed at once, as a VIP with no
                // live task behind it does, and nginx passes the request on to the next replica.
                try
                {
                    await backend.ConnectAsync(IPAddress.Loopback, target, _stop.Token);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    _refused.AddOrUpdate(target, 1, (_, n) => n + 1);
                    throw;
                }

                _connections.AddOrUpdate(target, 1, (_, n) => n + 1);
                client.NoDelay = backend.NoDelay = true;
                var up = PumpAsync(client.GetStream(), backend.GetStream(), backend.Client);
                var down = PumpAsync(backend.GetStream(), client.GetStream(), client.Client);
                await Task.WhenAll(up, down);
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // Either side went away; closing both ends is the whole job.
            }
        }
    }

    // Copies one direction; when the source ends, half-closes the destination so the other side sees EOF.
    private async Task PumpAsync(Stream from, Stream to, Socket toSocket)
    {
        await from.CopyToAsync(to, 16 * 1024, _stop.Token);
        try
        {
            toSocket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }
}
