namespace Infra.TestKit;

/// <summary>A fresh directory under the system temp dir, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates the directory.</summary>
    public TempDirectory(string purpose) =>
        Path = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"infra-{purpose}-{Guid.NewGuid():N}")).FullName;

    /// <summary>Its absolute path.</summary>
    public string Path { get; }

    /// <summary>A path inside the directory.</summary>
    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes <paramref name="content"/> to <paramref name="relative"/>, creating directories; returns the absolute path.</summary>
    public string Write(string relative, string content)
    {
        var path = File(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A daemon may still be writing its last log line; the OS cleans temp dirs.
        }
    }
}
