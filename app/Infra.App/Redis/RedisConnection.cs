using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Infra.App.Redis;

/// <summary>
/// One TCP connection to Redis shared by every caller: commands are written in order under a lock and replies, which
/// Redis sends in the same order, complete them from a single reader loop. Any I/O error, protocol error or timeout
/// closes the connection and fails every command waiting on it; the owner opens a new one.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentQueue<TaskCompletionSource<RedisReply>> _pending = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly Action<RedisReply>? _onPush;
    private readonly TimeSpan _timeout;
    private readonly Task _readLoop;
    private Exception? _closeReason;

    private RedisConnection(TcpClient tcp, TimeSpan timeout, Action<RedisReply>? onPush)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _timeout = timeout;
        _onPush = onPush;
        _readLoop = Task.Run(ReadLoopAsync);
    }

    public bool IsOpen => !_closed.IsCancellationRequested;

    /// <summary>Cancelled when the connection closes, for whatever reason.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>
    /// Connects and authenticates. <paramref name="onPush"/> receives pub/sub messages; give it only for a connection
    /// that will subscribe, since Redis then sends replies nobody asked for.
    /// </summary>
    public static async Task<RedisConnection> OpenAsync(
        string host, int port, string? password, TimeSpan timeout, Action<RedisReply>? onPush, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            await tcp.ConnectAsync(host, port, deadline.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            tcp.Dispose();
            throw new RedisUnavailableException($"Cannot connect to Redis at {host}:{port}: {e.Message}", e);
        }

        var connection = new RedisConnection(tcp, timeout, onPush);
        try
        {
            if (password is not null)
            {
                (await connection.ExecuteAsync(["AUTH", password], cancellationToken)).ThrowIfError();
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<RedisReply> ExecuteAsync(RedisArg[] command, CancellationToken cancellationToken) =>
        (await ExecuteAsync([command], cancellationToken))[0];

    /// <summary>Sends the commands in one write (a pipeline) and waits for all their replies.</summary>
    public async Task<RedisReply[]> ExecuteAsync(RedisArg[][] commands, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        foreach (var command in commands)
        {
            RespWriter.Write(buffer, command);
        }

        var replies = new Task<RedisReply>[commands.Length];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        deadline.CancelAfter(_timeout);
        try
        {
            await _writeLock.WaitAsync(deadline.Token);
            try
            {
                ThrowIfClosed();
                for (var i = 0; i < commands.Length; i++)
                {
                    var reply = new TaskCompletionSource<RedisReply>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _pending.Enqueue(reply);
                    replies[i] = reply.Task;
                }

                // A write cancelled half-way would leave a partial command on the wire, so any failure here closes.
                await _stream.WriteAsync(buffer.WrittenMemory, deadline.Token);
            }
            catch (Exception e) when (e is not RedisUnavailableException)
            {
                Close(e);
                throw;
            }
            finally
            {
                _writeLock.Release();
            }

            return await Task.WhenAll(replies).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // No reply in time: the server is hung or gone, and later replies would no longer match their callers.
            Close(new TimeoutException($"Redis did not answer within {_timeout.TotalMilliseconds} ms.", e));
            throw Unavailable();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Close(e);
            throw Unavailable();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close(new ObjectDisposedException(nameof(RedisConnection)));
        try
        {
            await _readLoop;
        }
        catch (Exception)
        {
            // The loop's failure is the close reason, already reported to every waiting command.
        }

        _writeLock.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var reader = new RespReader(_stream);
        try
        {
            while (true)
            {
                var reply = await reader.ReadAsync(_closed.Token);
                if (_onPush is not null && IsPush(reply))
                {
                    _onPush(reply);
                }
                else if (_pending.TryDequeue(out var waiting))
                {
                    waiting.TrySetResult(reply);
                }
                else
                {
                    throw new RedisProtocolException($"Unexpected reply {reply} with no command waiting.");
                }
            }
        }
        catch (Exception e)
        {
            Close(e);
        }
    }

    private static bool IsPush(RedisReply reply) =>
        reply is { Kind: RedisReplyKind.Array, Items: [{ Kind: RedisReplyKind.BulkString } first, ..] }
        && first.AsString() is "message" or "pmessage";

    private void Close(Exception reason)
    {
        lock (_pending)
        {
            if (_closed.IsCancellationRequested)
            {
                return;
            }

            _closeReason = reason;
            _closed.Cancel();
        }

        _tcp.Dispose();
        while (_pending.TryDequeue(out var waiting))
        {
            waiting.TrySetException(Unavailable());
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed.IsCancellationRequested)
        {
            throw Unavailable();
        }
    }

    private RedisUnavailableException Unavailable() =>
        new($"Redis connection closed: {_closeReason?.Message ?? "unknown reason"}", _closeReason);
}
