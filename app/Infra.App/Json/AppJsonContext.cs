using System.Text.Json;
using System.Text.Json.Serialization;
using Infra.App.Health;
using Infra.App.Tasks;
using Infra.App.Updates;

namespace Infra.App.Json;

/// <summary>Serializers generated at build time for every type the app reads or writes as JSON.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TaskItem))]
[JsonSerializable(typeof(TaskPage))]
[JsonSerializable(typeof(CreateTaskRequest))]
[JsonSerializable(typeof(UpdateTaskRequest))]
[JsonSerializable(typeof(TaskChange))]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class AppJsonContext : JsonSerializerContext;
