using System.Runtime.InteropServices;

namespace Infra.TestKit;

/// <summary>POSIX signals: Process.Kill only sends SIGKILL, and the tests need SIGTERM and SIGINT.</summary>
public static class Signals
{
    public const int SigInt = 2;
    public const int SigQuit = 3;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>The number of a signal named as Docker names it (<c>SIGQUIT</c>), for a stop signal the plan declares.</summary>
    public static int Named(string name) => name switch
    {
        "SIGINT" => SigInt,
        "SIGQUIT" => SigQuit,
        "SIGKILL" => SigKill,
        "SIGTERM" => SigTerm,
        _ => throw new ArgumentException($"no number known for signal {name}", nameof(name)),
    };

    public static void Send(int pid, int signal)
    {
        if (kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
