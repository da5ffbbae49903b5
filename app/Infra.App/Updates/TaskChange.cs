using Infra.App.Tasks;

namespace Infra.App.Updates;

/// <summary>
/// One message on the WebSocket: <c>task.created</c>, <c>task.updated</c> or <c>task.deleted</c> with the task id (and
/// the task unless deleted); <c>hello</c> when a client connects; <c>resync</c> when updates may have been missed and
/// the client should reload.
/// </summary>
internal sealed record TaskChange(string Type, long? Id = null, TaskItem? Task = null, string? Instance = null)
{
    public static TaskChange Created(TaskItem task) => new("task.created", task.Id, task);

    public static TaskChange Updated(TaskItem task) => new("task.updated", task.Id, task);

    public static TaskChange Deleted(long id) => new("task.deleted", id);

    public static TaskChange Hello(string instance) => new("hello", Instance: instance);

    public static TaskChange Resync { get; } = new("resync");
}
