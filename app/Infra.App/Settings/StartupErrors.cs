using System.Text.RegularExpressions;
using Infra.Contract;
using Microsoft.Extensions.Options;

namespace Infra.App.Settings;

/// <summary>Turns a start-up stopped by bad settings into one line per problem and exit code 2, and a port in use into one line and exit code 1.</summary>
internal static partial class StartupErrors
{
    public const int ConfigurationExitCode = 2;

    /// <summary>A port the app must listen on is taken: the settings are fine, the machine is not ready.</summary>
    public const int PortInUseExitCode = 1;

    /// <summary>
    /// Validates every setting of <paramref name="services"/> at once, then runs <paramref name="run"/> and returns its
    /// exit code; or returns 2 after printing what is wrong with the settings.
    /// </summary>
    public static async Task<int> ExplainAsync(IServiceProvider services, Func<Task<int>> run)
    {
        try
        {
            // The host validates too, but only after resolving its hosted services, and a service that reads one
            // setting in its constructor would then report that setting's problems alone.
            services.GetRequiredService<IStartupValidator>().Validate();
            return await run();
        }
        catch (Exception e) when (Problems(e) is { Count: > 0 } problems)
        {
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync($"Configuration error: {problem}");
            }

            return ConfigurationExitCode;
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            // Kestrel: "Failed to bind to address http://127.0.0.1:8080: address already in use."
            await Console.Error.WriteLineAsync(
                $"Start-up error: {e.Message.TrimEnd('.')}; another process holds that port: stop it, or give this app a free one with {AppContract.Env.Port} / {AppContract.Env.MetricsPort}");
            return PortInUseExitCode;
        }
    }

    public static IReadOnlyList<string> Problems(Exception e) => e switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Problems).ToList(),
        OptionsValidationException validation => validation.Failures.Select(Unwrap).ToList(),
        InvalidOperationException { Message: var m } when m.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            [m + " Set that environment variable to a valid value."],
        _ => [],
    };

    // DataAnnotations wraps each message in "… validation failed for 'T' members: 'P' with the error: '…'."; our
    // messages already name the variable and the fix, so show them alone.
    private static string Unwrap(string failure) =>
        DataAnnotationFailure().Match(failure) is { Success: true } match ? match.Groups["message"].Value : failure;

    [GeneratedRegex("with the error: '(?<message>.*)'\\.$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();
}
