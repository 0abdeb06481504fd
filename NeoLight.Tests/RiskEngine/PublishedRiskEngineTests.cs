using NeoLight.Contracts;
using NeoLight.Tests.Infrastructure;
using System.Net;
using System.Text;
using System.Text.Json;

namespace NeoLight.Tests.RiskEngine;

/// <summary>
/// A test of a service as published (native AOT): the executable named by <c>NEOLIGHT_PUBLISHED_RISK_ENGINE</c> (or the
/// variable given). .ci/run publishes it and sets the variable; elsewhere the test is skipped unless CI=true, where a
/// missing build fails.
/// </summary>
public sealed class PublishedFactAttribute : FactAttribute
{
    public const string Variable = "NEOLIGHT_PUBLISHED_RISK_ENGINE";
    public const string AgentsVariable = "NEOLIGHT_PUBLISHED_AGENTS";
    public const string DashboardVariable = "NEOLIGHT_PUBLISHED_DASHBOARD";

    public PublishedFactAttribute(string variable = Variable)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable))
            && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Skip = $"{variable} is not set: publish with -p:PublishAot=true and point it at the executable (.ci/run does)";
    }
}

[Trait(TestCategories.Name, TestCategories.System)]
public class PublishedRiskEngineTests
{

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [PublishedFact]
    public async Task The_native_build_answers_the_seed_requests_as_the_JIT_build_does()
    {
        var executable = Environment.GetEnvironmentVariable(PublishedFactAttribute.Variable)
            ?? throw new InvalidOperationException($"{PublishedFactAttribute.Variable} must name the published risk engine in CI");
        using var folder = new TemporaryFolder();
        await using var native = await BuiltService.StartExecutableAsync(executable,
            new Dictionary<string, string> { ["RISK_STATE_PATH"] = folder.File("risk_state.json") });
        using var client = native.CreateClient();
        using var jit = new RiskEngineFactory();

        // The same models give the same figures in both builds.
        var nativeAnswer = JsonDocument.Parse(await (await client.PostAsync("/risk/evaluate",
            Json(SeedRequests.Evaluate))).Content.ReadAsStringAsync()).RootElement;
        var (_, jitAnswer) = await jit.PostAsync("/risk/evaluate", SeedRequests.Evaluate);
        foreach (var figure in new[] { "value_at_risk", "conditional_var", "var_95", "var_99", "cvar_99", "exposure", "risk_score" })
            Assert.Equal(jitAnswer.GetProperty(figure).GetDouble(), nativeAnswer.GetProperty(figure).GetDouble(), 12);
        Assert.Equal(2, nativeAnswer.GetProperty("contributions").GetArrayLength());

        var verdict = JsonDocument.Parse(await (await client.PostAsync("/risk/validate",
            Json(SeedRequests.Validate))).Content.ReadAsStringAsync()).RootElement;
        Assert.True(verdict.GetProperty("approved").GetBoolean(), verdict.ToString());
        Assert.Equal(7, verdict.GetProperty("checks").GetArrayLength());

        // Prices go to SQLite (its native library ships beside the executable), the kill switch to the state file.
        var prices = await client.PostAsync("/risk/prices", Json(
            """
                {"prices":[{"symbol":"BTC-USD","price":100000,"timestamp":"2026-01-01T00:00:00Z"},
                {"symbol":"BTC-USD","price":101000,"timestamp":"2026-01-01T00:01:00Z"}]}
                """));
        Assert.Equal(HttpStatusCode.OK, prices.StatusCode);
        Assert.True(File.Exists(folder.File("risk_prices.db")));
        var halt = await client.PostAsync("/risk/kill-switch", Json("""{"halted":true,"reason":"native test"}"""));
        Assert.Equal(HttpStatusCode.OK, halt.StatusCode);
        Assert.Contains("native test", await File.ReadAllTextAsync(folder.File("risk_state.json")));

        // Bad input is the same problem+json naming the field.
        var bad = await client.PostAsync("/risk/evaluate",
            Json("""{"positions":[{"symbol":"A","quantity":1e200,"price":1e200}],"portfolio_value":100000}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("positions[0].price",
            JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
        var stress = JsonDocument.Parse(await (await client.PostAsync("/risk/stress", Json(
            """
                {"positions":[{"symbol":"BTC-USD","quantity":1,"price":100000}],"portfolio_value":100000}
                """))).Content.ReadAsStringAsync()).RootElement;
        Assert.True(stress.GetProperty("results").GetArrayLength() >= 6);
    }
}
