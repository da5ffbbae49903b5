namespace Infra.Blueprint.Settings;

/// <summary>Thrown when a stack's configuration has problems; carries all of them.</summary>
public sealed class SettingsException(string stack, IReadOnlyList<SettingsError> errors)
    : Exception(Format(stack, errors))
{
    /// <summary>Every problem found, in config-key order.</summary>
    public IReadOnlyList<SettingsError> Errors { get; } = errors;

    private static string Format(string stack, IReadOnlyList<SettingsError> errors) =>
        $"stack '{stack}' has {errors.Count} configuration problem{(errors.Count == 1 ? "" : "s")}:{Environment.NewLine}"
        + string.Join(Environment.NewLine, errors.Select(e => $"  {e}"));
}
