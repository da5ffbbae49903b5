using Infra.App.Updates;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Infra.App.Tasks;

/// <summary>CRUD over tasks: <c>/api/tasks</c>.</summary>
internal static class TasksApi
{
    public const string Path = "/api/tasks";
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 100;

    public static void AddTasks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMemoryCache(o => o.SizeLimit = 10_000);
        builder.Services.AddSingleton<TaskRepository>();
        builder.Services.AddSingleton<TaskCache>();
        builder.Services.AddSingleton<TaskCursor>();
    }

    public static void MapTasks(this IEndpointRouteBuilder endpoints)
    {
        var tasks = endpoints.MapGroup(Path);
        tasks.MapGet("", ListAsync);
        tasks.MapGet("/{id:long}", GetAsync);
        tasks.MapPost("", CreateAsync);
        tasks.MapPut("/{id:long}", UpdateAsync);
        tasks.MapDelete("/{id:long}", DeleteAsync);
    }

    private static async Task<Results<Ok<TaskPage>, ValidationProblem>> ListAsync(
        int? limit, string? cursor, TaskRepository repository, TaskCursor cursors, CancellationToken cancellationToken)
    {
        var pageSize = limit ?? DefaultPageSize;
        if (pageSize is < 1 or > MaxPageSize)
        {
            return Invalid("limit", $"Limit must be between 1 and {MaxPageSize}.");
        }

        var afterId = 0L;
        if (cursor is not null && !cursors.TryDecode(cursor, out afterId))
        {
            return Invalid("cursor", "Cursor is not one this API issued; start again without it.");
        }

        var items = await repository.ListAsync(afterId, pageSize + 1, cancellationToken);
        var next = items.Count > pageSize ? cursors.Encode(items[pageSize - 1].Id) : null;
        return TypedResults.Ok(new TaskPage(items.Take(pageSize).ToList(), next));
    }

    private static async Task<Results<Ok<TaskItem>, ProblemHttpResult>> GetAsync(
        long id, TaskCache cache, TaskRepository repository, CancellationToken cancellationToken) =>
        await cache.GetOrLoadAsync(id, ct => repository.GetAsync(id, ct), cancellationToken) is { } task
            ? TypedResults.Ok(task)
            : NotFound(id);

    private static async Task<Results<Created<TaskItem>, ValidationProblem>> CreateAsync(
        CreateTaskRequest request, TaskRepository repository, TaskUpdates updates, CancellationToken cancellationToken)
    {
        if (TaskTitle.Problem(request.Title) is { } problem)
        {
            return Invalid("title", problem);
        }

        var task = await repository.CreateAsync(request.Title.Trim(), cancellationToken);
        await updates.PublishAsync(TaskChange.Created(task));
        return TypedResults.Created($"{Path}/{task.Id}", task);
    }

    private static async Task<Results<Ok<TaskItem>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, UpdateTaskRequest request, TaskRepository repository, TaskCache cache, TaskUpdates updates, CancellationToken cancellationToken)
    {
        if (TaskTitle.Problem(request.Title) is { } problem)
        {
            return Invalid("title", problem);
        }

        var task = await repository.UpdateAsync(id, request.Title.Trim(), request.Done, cancellationToken);
        if (task is null)
        {
            return NotFound(id);
        }

        // The change is committed: tell the cache and the clients even if this client has hung up.
        await cache.InvalidateAsync(id);
        await updates.PublishAsync(TaskChange.Updated(task));
        return TypedResults.Ok(task);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        long id, TaskRepository repository, TaskCache cache, TaskUpdates updates, CancellationToken cancellationToken)
    {
        if (!await repository.DeleteAsync(id, cancellationToken))
        {
            return NotFound(id);
        }

        await cache.InvalidateAsync(id);
        await updates.PublishAsync(TaskChange.Deleted(id));
        return TypedResults.NoContent();
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static ProblemHttpResult NotFound(long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Task not found", detail: $"There is no task {id}.");
}
