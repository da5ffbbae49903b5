using System.Runtime.InteropServices;
using Infra.Blueprint.Platform;

namespace Infra.Cli;

/// <summary>
/// <c>plan --out</c>'s folder, replaced as a whole: the files are written into a sibling temporary folder, which
/// then takes the folder's place in one rename (Linux's <c>renameat2(RENAME_EXCHANGE)</c>; two renames where the
/// file system lacks it). A reader sees the earlier plan or the new one, never a mix, and no file of the earlier
/// plan survives. A folder is replaced only when it is empty or holds an earlier plan (its <c>topology.txt</c>):
/// <c>--out .</c> in a repository is refused, not emptied. Every problem is found before anything is printed.
/// </summary>
public static partial class OutputFolder
{
    /// <summary>The file every plan writes, which marks a folder as an earlier plan's.</summary>
    public const string Marker = "topology.txt";

    /// <summary>Writes <paramref name="files"/> as the whole content of <paramref name="folder"/>; returns the problem, or null when done.</summary>
    public static string? Replace(string folder, IReadOnlyList<RenderedFile> files)
    {
        if (string.IsNullOrWhiteSpace(folder) || folder.Contains('\0', StringComparison.Ordinal))
        {
            return "is not a folder name; give one such as out/staging";
        }

        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (File.Exists(target))
        {
            return "is a file; give a folder (created if missing, its earlier plan replaced)";
        }

        if (Directory.Exists(target) && !IsReplaceable(target))
        {
            return $"holds files that are not an earlier plan (no {Marker}); give a new or empty folder, e.g. out/<stack>";
        }

        var parent = Path.GetDirectoryName(target);
        if (parent is null)
        {
            return "is the file system's root; give a folder below it";
        }

        for (var ancestor = parent; ancestor is not null && !Directory.Exists(ancestor); ancestor = Path.GetDirectoryName(ancestor))
        {
            if (File.Exists(ancestor))
            {
                return $"cannot be made: {ancestor} is a file; give a folder outside it";
            }
        }

        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.new-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(staging);
            foreach (var file in files)
            {
                var path = Path.GetFullPath(Path.Combine(staging, file.Path));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Content);
                if (path.EndsWith(".sh", StringComparison.Ordinal) && !OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                }
            }

            Swap(staging, target);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(staging);
            return $"cannot be written ({e.Message.Replace(staging, target, StringComparison.Ordinal)}); choose a folder you can write, or fix its permissions";
        }
    }

    private static bool IsReplaceable(string folder)
    {
        try
        {
            return !Directory.EnumerateFileSystemEntries(folder).Any() || File.Exists(Path.Combine(folder, Marker));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // staging becomes target; target's earlier content is removed.
    private static void Swap(string staging, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(staging, target);
            return;
        }

        if (OperatingSystem.IsLinux() && RenameAt2(AtCurrentDirectory, staging, AtCurrentDirectory, target, RenameExchange) == 0)
        {
            TryDelete(staging); // now the earlier plan
            return;
        }

        var earlier = staging + ".old";
        Directory.Move(target, earlier);
        try
        {
            Directory.Move(staging, target);
        }
        catch
        {
            Directory.Move(earlier, target);
            throw;
        }

        TryDelete(earlier);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind under a dot-name beside the output; the new plan is in place either way.
        }
    }

    private const int AtCurrentDirectory = -100;
    private const uint RenameExchange = 2;

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);
}
