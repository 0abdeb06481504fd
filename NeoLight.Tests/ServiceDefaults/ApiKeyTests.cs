using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using NeoLight.Tests.Dashboard;
using NeoLight.Tests.RiskEngine;

namespace NeoLight.Tests.ServiceDefaults;

/// <summary>NEOLIGHT_API_KEY: when set, state-changing endpoints need X-Api-Key (401 otherwise, nothing changed); reads stay
/// open.</summary>
public class ApiKeyTests
{
    private const string Key = "test-key-0123456789abcdef";

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync<T>(WebApplicationFactory<T> factory, string path,
        string json, string? key) where T : class
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8,
            "application/json") };
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            Assert.Equal("ApiKey header=\"X-Api-Key\"", response.Headers.WwwAuthenticate.ToString());
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Theory]
    [InlineData("/risk/evaluate", """{"book":"paper","positions":[{"symbol":"BTC-USD","quantity":1,"price":1}],"portfolio_value":10}""")]
    [InlineData("/risk/reset", """{"book":"paper"}""")]
    [InlineData("/risk/prices", """{"prices":[{"symbol":"BTC-USD","price":100}]}""")]
    [InlineData("/risk/kill-switch", """{"halted":true,"reason":"no key"}""")]
    public async Task Risk_engine_writes_need_the_key_and_change_nothing_without_it(string path, string body)
    {
        using var engine = new RiskEngineFactory(settings: new() { ["NEOLIGHT_API_KEY"] = Key });
        foreach (var wrong in new[] { null, "", "test-key", Key + "x", Key.ToUpperInvariant() })
        {
            var (status, problem) = await PostAsync(engine, path, body, wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("X-Api-Key", problem.GetProperty("field").GetString());
        }
        var state = await PostAsync(engine, "/risk/validate",
            """{"symbol":"BTC-USD","side":"buy","quantity":1,"price":100,"portfolio_value":1000}""", null);
        Assert.Equal(HttpStatusCode.OK, state.Status); // a check that changes nothing stays open
        using (var client = engine.CreateClient())
        {
            var now = JsonDocument.Parse(await client.GetStringAsync("/risk/state")).RootElement;
            Assert.Equal(0, now.GetProperty("evaluations").GetInt64());
            Assert.False(now.GetProperty("halted").GetBoolean());
        }
        Assert.False(File.Exists(engine.PricesPath) && engine.StoredReturns("BTC-USD") > 0);

        var (accepted, _) = await PostAsync(engine, path, body, Key);
        Assert.Equal(HttpStatusCode.OK, accepted);
    }

    [Fact]
    public async Task Dashboard_writes_need_the_key_and_store_nothing_without_it()
    {
        using var dashboard = new DashboardFactory(new() { ["NEOLIGHT_API_KEY"] = Key });
        var (refused, problem) = await PostAsync(dashboard, "/meta/regime", """{"regime":"BEAR"}""", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
        Assert.Equal("X-Api-Key", problem.GetProperty("field").GetString());
        using var client = dashboard.CreateClient();
        Assert.Equal("UNKNOWN",
            JsonDocument.Parse(await client.GetStringAsync("/meta/regime")).RootElement.GetProperty("regime").GetString());

        var (stored, _) = await PostAsync(dashboard, "/meta/regime", """{"regime":"BEAR"}""", Key);
        Assert.Equal(HttpStatusCode.OK, stored);
        Assert.Equal("BEAR", JsonDocument.Parse(await client.GetStringAsync("/meta/regime")).RootElement.GetProperty("regime").GetString());
    }

    [Fact]
    public async Task Without_a_key_configured_writes_need_none()
    {
        using var engine = new RiskEngineFactory();
        var (status, _) = await PostAsync(engine, "/risk/kill-switch", """{"halted":false}""", null);
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
