using System.ComponentModel.DataAnnotations;

namespace Infra.App.Settings;

/// <summary>Validates a comma-separated list of web origins such as <c>https://app.example.com</c>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OriginListAttribute(string variable) : ValidationAttribute
{
    /// <summary>Splits the list, dropping blanks.</summary>
    public static IReadOnlyList<string> Parse(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <inheritdoc />
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        var invalid = Parse(value as string).Where(origin => !IsOrigin(origin)).ToList();
        return invalid.Count == 0
            ? ValidationResult.Success
            : new ValidationResult(
                $"{variable}: {string.Join(", ", invalid.Select(o => $"'{o}'"))} is not an origin; "
                + "write scheme://host[:port] with http or https and no path, e.g. https://app.example.com.",
                [validationContext.MemberName ?? variable]);
    }

    private static bool IsOrigin(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) == text.TrimEnd('/')
        && !text.EndsWith('/');
}
