using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Infra.App.Redis;

/// <summary>
/// One TCP connection to Redis shared by every caller. Commands queue for a single writer loop, which sends everything
/// queued in one write (so a burst of concurrent requests costs one syscall, not one each), and replies, which Redis
/// sends in the same order, complete them from a single reader loop. Any I/O error, protocol error or timeout closes
/// the connection and fails every command waiting on it; the owner opens a new one.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly Channel<Outgoing> _outbox = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentQueue<TaskCompletionSource<RedisReply>> _pending = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly Action<RedisReply>? _onPush;
    private readonly TimeSpan _timeout;
    private readonly Task _readLoop;
    private readonly Task _writeLoop;
    private Exception? _closeReason;

    private RedisConnection(TcpClient tcp, TimeSpan timeout, Action<RedisReply>? onPush)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _timeout = timeout;
        _onPush = onPush;
        _readLoop = Task.Run(ReadLoopAsync);
        _writeLoop = Task.Run(WriteLoopAsync);
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

    /// <summary>Sends the commands together (a pipeline) and waits for all their replies.</summary>
    public async Task<RedisReply[]> ExecuteAsync(RedisArg[][] commands, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        foreach (var command in commands)
        {
            RespWriter.Write(buffer, command);
        }

        var replies = new TaskCompletionSource<RedisReply>[commands.Length];
        for (var i = 0; i < replies.Length; i++)
        {
            replies[i] = new TaskCompletionSource<RedisReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        if (!_outbox.Writer.TryWrite(new Outgoing(buffer.WrittenSpan.ToArray(), replies)))
        {
            throw Unavailable();
        }

        try
        {
            return await Task.WhenAll(replies.Select(r => r.Task)).WaitAsync(_timeout, cancellationToken);
        }
        catch (TimeoutException e)
        {
            // No reply in time: the server is hung or gone, and later replies would no longer match their callers.
            Close(new TimeoutException($"Redis did not answer within {_timeout.TotalMilliseconds} ms.", e));
            throw Unavailable();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close(new ObjectDisposedException(nameof(RedisConnection)));
        // The loops end on the close; their failure is the close reason, already given to every waiting command.
        await Task.WhenAll(_readLoop, _writeLoop);
    }

    private async Task WriteLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(_closed.Token))
            {
                buffer.ResetWrittenCount();
                while (buffer.WrittenCount < 64 * 1024 && _outbox.Reader.TryRead(out var outgoing))
                {
                    // Replies are expected in the order commands hit the wire, so queue them as the bytes are queued.
                    foreach (var reply in outgoing.Replies)
                    {
                        _pending.Enqueue(reply);
                    }

                    buffer.Write(outgoing.Command);
                }

                await _stream.WriteAsync(buffer.WrittenMemory, _closed.Token);
            }
        }
        catch (Exception e)
        {
            Close(e);
        }
        finally
        {
            // Commands this loop moved to the reply queue after Close emptied it.
            FailWaiting();
        }
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
        _outbox.Writer.TryComplete();
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
        FailWaiting();
    }

    private void FailWaiting()
    {
        while (_pending.TryDequeue(out var waiting))
        {
            waiting.TrySetException(Unavailable());
        }

        // Commands queued but never written.
        while (_outbox.Reader.TryRead(out var unsent))
        {
            foreach (var reply in unsent.Replies)
            {
                reply.TrySetException(Unavailable());
            }
        }
    }

    private readonly record struct Outgoing(byte[] Command, TaskCompletionSource<RedisReply>[] Replies);

    private RedisUnavailableException Unavailable() =>
        new($"Redis connection closed: {_closeReason?.Message ?? "unknown reason"}", _closeReason);
}
