namespace Infra.App.Tasks;

/// <summary>One page of tasks; <see cref="Next"/> is the cursor of the following page, absent on the last.</summary>
internal sealed record TaskPage(IReadOnlyList<TaskItem> Items, string? Next);
