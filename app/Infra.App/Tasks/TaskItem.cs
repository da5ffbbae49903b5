namespace Infra.App.Tasks;

/// <summary>A task as stored and as returned by the API.</summary>
internal sealed record TaskItem(long Id, string Title, bool Done, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
