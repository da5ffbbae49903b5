namespace Infra.Blueprint.Settings;

/// <summary>One problem in a stack's configuration: where it is, and what to do about it.</summary>
/// <param name="Path">The config path, e.g. <c>infra:app.replicas</c> or <c>infra:hosts[1].roles</c>.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record SettingsError(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}
