using System.Net;
using System.Text.Json;
using NeoLight.Tests.Dashboard;
using NeoLight.Tests.Infrastructure;
using NeoLight.Tests.RiskEngine;

namespace NeoLight.Tests.ServiceDefaults;

/// <summary>The API described by the code: every route a service lists is in its OpenAPI document, as it is on the wire.</summary>
public sealed class OpenApiTests
{
    private static async Task CheckAsync(Func<string, Task<JsonElement>> get, Func<string, string, Task<HttpResponseMessage>> post,
        string title)
    {
        var document = await get("/openapi/v1.json");
        Assert.Equal(title, document.GetProperty("info").GetProperty("title").GetString());
        var paths = document.GetProperty("paths");

        // The service document at / lists the routes a caller has: each must be described.
        var listed = (await get("/")).GetProperty("endpoints").EnumerateArray().Select(e => e.GetString()!)
            .Where(e => !e.Contains('(')).Select(e => e.Split(' ')).ToList();
        Assert.NotEmpty(listed);
        foreach (var route in listed)
        {
            var (method, path) = (route[0].ToLowerInvariant(), route[1]);
            var operation = paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out var found) ? found : default;
            Assert.True(operation.ValueKind == JsonValueKind.Object, $"{route[0]} {path} is not in the OpenAPI document");
            Assert.True(operation.GetProperty("responses").TryGetProperty("200", out _), $"{route[0]} {path} documents no 200");
            if (method != "post") continue;
            Assert.True(operation.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _),
                $"POST {path} documents no JSON body");
            Assert.Equal("application/problem+json",
                operation.GetProperty("responses").GetProperty("400").GetProperty("content").EnumerateObject().Single().Name);

            // Every body has its documented example, and the service accepts it as documented.
            var body = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
            Assert.True(body.TryGetProperty("example", out var example), $"POST {path} has no example");
            var answer = await post(path, example.GetRawText());
            Assert.True(answer.IsSuccessStatusCode, $"POST {path} refused its documented example: {(int)answer.StatusCode} "
                + await answer.Content.ReadAsStringAsync());
        }

        // Schemas as on the wire: snake_case names, numbers that are numbers only.
        foreach (var schema in document.GetProperty("components").GetProperty("schemas").EnumerateObject())
        {
            if (!schema.Value.TryGetProperty("properties", out var properties)) continue;
            foreach (var property in properties.EnumerateObject())
            {
                Assert.True(property.Name == property.Name.ToLowerInvariant(), $"{schema.Name}.{property.Name} is not snake_case");
                Assert.False(property.Value.TryGetProperty("pattern", out _), $"{schema.Name}.{property.Name} accepts numbers as strings");
            }
        }
    }

    [Fact]
    public async Task The_risk_engine_describes_every_route_it_lists()
    {
        using var engine = new RiskEngineFactory();
        await CheckAsync(path => engine.GetJsonAsync(path), async (path, json) => (await engine.PostAsync(path, json)).Response,
            "NeoLight Risk Engine");
    }

    [Fact]
    public async Task The_dashboard_describes_every_route_it_lists()
    {
        // With a risk engine (in memory) behind it: the page's kill switch forwards the documented example to it.
        using var engine = new RiskEngineFactory();
        using var dashboard = new DashboardFactory(riskEngine: engine.Server.CreateHandler());
        await CheckAsync(path => dashboard.GetJsonAsync(path), async (path, json) => (await dashboard.PostAsync(path, json)).Response,
            "NeoLight Dashboard");
    }

    [Fact]
    public async Task The_document_says_which_operations_need_the_api_key_and_what_a_refusal_looks_like()
    {
        using var engine = new RiskEngineFactory();
        var document = await engine.GetJsonAsync("/openapi/v1.json");
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());

        string[] Requirements(string path, string method) => document.GetProperty("paths").GetProperty(path).GetProperty(method)
            .GetProperty("security").EnumerateArray().Select(r => string.Join(",", r.EnumerateObject().Select(p => p.Name))).ToArray();
        Assert.Equal(["ApiKey"], Requirements("/risk/kill-switch", "post"));
        Assert.Equal([""], Requirements("/risk/validate", "post"));
        Assert.Equal(["", "ApiKey"], Requirements("/risk/evaluate", "post")); // only a live book needs the key
        Assert.Equal([""], Requirements("/health", "get"));

        var killSwitch = document.GetProperty("paths").GetProperty("/risk/kill-switch").GetProperty("post");
        Assert.Equal("postRiskKillSwitch", killSwitch.GetProperty("operationId").GetString());
        foreach (var status in new[] { "401", "403" })
            Assert.True(killSwitch.GetProperty("responses").GetProperty(status).GetProperty("content")
                .TryGetProperty("application/problem+json", out _), $"{status} is not a documented problem");
        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails").GetProperty("properties");
        foreach (var member in new[] { "error", "code", "field", "trace_id" }) Assert.True(problem.TryGetProperty(member, out _), member);
    }

    [Fact]
    [Trait(TestCategories.Name, TestCategories.System)]
    public async Task The_reference_page_is_served_in_Development_only()
    {
        using var folder = new TemporaryFolder();
        await using var development = await BuiltService.StartAsync("NeoLight.RiskEngine", new Dictionary<string, string>
        {
            ["RISK_STATE_PATH"] = folder.File("risk_state.json"), ["ASPNETCORE_ENVIRONMENT"] = "Development",
        });
        using var client = development.CreateClient();
        var page = await client.GetAsync("/scalar/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Scalar API Reference", await page.Content.ReadAsStringAsync());

        using var engine = new RiskEngineFactory(); // environment "Testing"
        using var production = engine.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await production.GetAsync("/scalar/")).StatusCode);
    }
}

/// <summary>The values a document lists for a member are the ones its reader accepts (one list could drift from the other).</summary>
public sealed class DocumentedValuesTests
{
    private static object?[] Allowed<T>(string property) =>
        typeof(T).GetProperty(property)!.GetCustomAttributes(typeof(System.ComponentModel.DataAnnotations.AllowedValuesAttribute), true)
            .Cast<System.ComponentModel.DataAnnotations.AllowedValuesAttribute>().Single().Values;

    [Fact]
    public void Regimes_and_methods_are_the_readers_own()
    {
        Assert.Equal(NeoLight.Dashboard.Api.RequestRules.Regimes, Allowed<NeoLight.Contracts.RegimeDto>("Regime"));
        foreach (var method in Allowed<NeoLight.Contracts.RiskEvaluateRequest>("Method"))
            Assert.NotNull(NeoLight.RiskEngine.Engine.RiskNames.ParseMethod((string)method!));
        Assert.Equal(Enum.GetValues<NeoLight.Risk.RiskMethod>().Length, Allowed<NeoLight.Contracts.RiskEvaluateRequest>("Method").Length);
    }
}
