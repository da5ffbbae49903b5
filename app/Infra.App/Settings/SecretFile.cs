namespace Infra.App.Settings;

/// <summary>Reads a secret mounted as a file.</summary>
public static class SecretFile
{
    /// <summary>
    /// The file's content without trailing line breaks, which <c>echo</c> and editors add but no password contains.
    /// </summary>
    public static string Read(string path) => File.ReadAllText(path).TrimEnd('\r', '\n');
}
