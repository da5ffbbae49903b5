using System.ComponentModel.DataAnnotations;

namespace Infra.App.Settings;

/// <summary>Validates that a setting names a readable, non-empty secret file; a null setting passes.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ReadableFileAttribute(string variable, string secretName) : ValidationAttribute
{
    /// <summary>Fewest bytes the file must hold once trailing line breaks are dropped.</summary>
    public int MinimumBytes { get; init; } = 1;

    /// <inheritdoc />
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string path)
        {
            return ValidationResult.Success;
        }

        var fix = $"mount the '{secretName}' secret or set {variable} to a readable file.";
        try
        {
            var length = System.Text.Encoding.UTF8.GetByteCount(SecretFile.Read(path));
            return length >= MinimumBytes
                ? ValidationResult.Success
                : Fail($"{variable}: '{path}' holds {length} bytes, fewer than the {MinimumBytes} required; {fix}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Fail($"{variable}: cannot read '{path}' ({e.GetType().Name}: {e.Message}); {fix}");
        }

        ValidationResult Fail(string message) => new(message, [validationContext.MemberName ?? variable]);
    }
}
