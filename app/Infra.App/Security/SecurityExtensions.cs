using Microsoft.AspNetCore.HttpOverrides;

namespace Infra.App.Security;

/// <summary>The app's defences: forwarded client IPs, CORS, rate limits, security headers and problem responses.</summary>
internal static class SecurityExtensions
{
    public static void AddSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the platform's nginx can reach the app (the backend network is internal), so its peer is always the
            // proxy; take the one address that proxy appended. Exposing the port directly would let clients pick an IP.
            o.ForwardLimit = 1;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
        });
        builder.Services.AddSingleton<OriginPolicy>();
        // Configured from the validated settings when first needed, which is after start-up validation has run.
        builder.Services.AddCors();
        builder.Services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<OriginPolicy>((cors, origins) =>
            cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. origins.Allowed])
                .WithMethods("GET", "POST", "PUT", "DELETE")
                .WithHeaders("Content-Type")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        builder.Services.AddSingleton<RateLimitCounter>();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Extensions["requestId"] = c.HttpContext.TraceIdentifier;
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
    }

    /// <summary>Every error, thrown or set as a bare status code (404, 405, 415, a failed binding), leaves as problem+json.</summary>
    public static void UseProblemResponses(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
    }

    public static void UseSecurityHeaders(this WebApplication app) => app.UseMiddleware<SecurityHeadersMiddleware>();

    public static void UseRateLimit(this WebApplication app) => app.UseMiddleware<RateLimitMiddleware>();
}
