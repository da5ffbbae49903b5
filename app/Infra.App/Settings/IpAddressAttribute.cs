using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Infra.App.Settings;

/// <summary>Validates that a setting is a literal IPv4 or IPv6 address.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class IpAddressAttribute(string variable) : ValidationAttribute
{
    /// <inheritdoc />
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is string text && IPAddress.TryParse(text, out _)
            ? ValidationResult.Success
            : new ValidationResult(
                $"{variable}: '{value}' is not an IP address; use 0.0.0.0 (every interface) or 127.0.0.1 (local only).",
                [validationContext.MemberName ?? variable]);
}
