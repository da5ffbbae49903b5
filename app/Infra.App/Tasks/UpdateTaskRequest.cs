namespace Infra.App.Tasks;

/// <summary>The body of <c>PUT /api/tasks/{id}</c>: the whole task, replaced.</summary>
internal sealed record UpdateTaskRequest(string Title, bool Done);
