namespace Infra.App.Tasks;

/// <summary>The body of <c>POST /api/tasks</c>.</summary>
internal sealed record CreateTaskRequest(string Title);
