using Microsoft.Extensions.Options;

namespace Infra.App.Settings;

/// <summary>Registers the app's settings.</summary>
internal static class SettingsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> from configuration and validates it when the host starts, so a bad setting stops
    /// start-up instead of failing the first request that needs it.
    /// </summary>
    public static OptionsBuilder<T> AddSettings<T>(this IHostApplicationBuilder builder) where T : class =>
        builder.Services.AddOptions<T>()
            // Bound from the root: the contract's variable names are top-level keys, mapped by [ConfigurationKeyName].
            .Bind(builder.Configuration)
            .ValidateDataAnnotations()
            .ValidateOnStart();
}
