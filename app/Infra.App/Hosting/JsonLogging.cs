using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Infra.App.Hosting;

/// <summary>One JSON object per line on stdout, carrying the request id and trace id of the request that logged it.</summary>
internal static class JsonLogging
{
    public static void AddJsonLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            // Log lines are read by people and log shippers, never embedded in HTML: keep quotes and < > readable.
            o.JsonWriterOptions = new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        });
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        // The app logs one line per request itself; the framework's two lines per request would double the volume.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.Logging.AddFilter("Npgsql", LogLevel.Warning);
    }
}
