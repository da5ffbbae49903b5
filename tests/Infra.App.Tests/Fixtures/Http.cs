using System.Net.Http.Json;
using System.Text.Json;

namespace Infra.App.Tests.Fixtures;

/// <summary>Small helpers for talking to the task API.</summary>
public static class Http
{
    public static async Task<JsonElement> CreateTaskAsync(this HttpClient client, string title)
    {
        using var response = await client.PostAsJsonAsync("/api/tasks", new { title });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/tasks answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<double> MetricAsync(this HttpClient client, string sample)
    {
        var text = await client.GetStringAsync("/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(sample + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(sample.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
