using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Routing;

namespace Infra.App.Json;

/// <summary>Strict JSON input: anything the app would have to guess about is a 400.</summary>
internal static class JsonExtensions
{
    public static void AddStrictJson(this IHostApplicationBuilder builder)
    {
        // Throw binding failures instead of answering a bare 400, so the problem response can say what was wrong.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJsonContext.Default);
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.AllowDuplicateProperties = false;
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
            o.SerializerOptions.MaxDepth = 16;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
    }
}
