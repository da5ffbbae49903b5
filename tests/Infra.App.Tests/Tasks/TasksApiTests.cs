using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Infra.App.Tests.Fixtures;

namespace Infra.App.Tests.Tasks;

[Collection(PlatformCollection.Name)]
public sealed class TasksApiTests(Platform platform)
{
    [Fact]
    public async Task ATaskCanBeCreatedReadUpdatedAndDeleted()
    {
        await using var app = await platform.StartAppAsync();

        using var created = await app.Client.PostAsJsonAsync("/api/tasks", new { title = "  write tests  " });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var task = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = task.GetProperty("id").GetInt64();
        Assert.Equal($"/api/tasks/{id}", created.Headers.Location?.ToString());
        Assert.Equal("write tests", task.GetProperty("title").GetString());
        Assert.False(task.GetProperty("done").GetBoolean());

        Assert.Equal("write tests", (await app.Client.GetFromJsonAsync<JsonElement>($"/api/tasks/{id}")).GetProperty("title").GetString());

        using var updated = await app.Client.PutAsJsonAsync($"/api/tasks/{id}", new { title = "tests written", done = true });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        // The cached copy was invalidated by the update.
        var read = await app.Client.GetFromJsonAsync<JsonElement>($"/api/tasks/{id}");
        Assert.Equal("tests written", read.GetProperty("title").GetString());
        Assert.True(read.GetProperty("done").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"/api/tasks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync($"/api/tasks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.DeleteAsync($"/api/tasks/{id}")).StatusCode);
    }

    [Fact]
    public async Task ListsPageThroughEveryTaskWithCursors()
    {
        await using var app = await platform.StartAppAsync();
        for (var i = 0; i < 7; i++)
        {
            await app.Client.CreateTaskAsync($"task {i}");
        }

        var titles = new List<string>();
        string? next = null;
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await app.Client.GetFromJsonAsync<JsonElement>($"/api/tasks?limit=3{(next is null ? "" : $"&cursor={next}")}");
            titles.AddRange(page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("title").GetString()!));
            next = page.TryGetProperty("next", out var cursor) ? cursor.GetString() : null;
            if (next is null)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"task {i}"), titles);
    }
}
