using NeoLight.Tests.Infrastructure;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace NeoLight.Tests.Infrastructure;

/// <summary>The two calls every in-memory service test makes: post raw JSON and read the answer, get JSON.</summary>
public static class JsonCalls
{
    public static async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync<T>(this WebApplicationFactory<T> factory,
        string path, string json)
        where T : class
    {
        using var client = factory.CreateClient();
        var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<JsonElement> GetJsonAsync<T>(this WebApplicationFactory<T> factory, string path) where T : class
    {
        using var client = factory.CreateClient();
        return await client.GetFromJsonAsync<JsonElement>(path);
    }
}
