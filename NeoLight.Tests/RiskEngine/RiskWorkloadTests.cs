using NeoLight.RiskEngine;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Configuration;
using NeoLight.Tests.Infrastructure;
using System.Net;
using System.Text;
using System.Text.Json;
using NeoLight.RiskEngine.Engine;

namespace NeoLight.Tests.RiskEngine;

/// <summary>Bounded work: the budget of one evaluation, and the worker pool that keeps heavy work from starving the rest.</summary>
[Trait(TestCategories.Name, TestCategories.System)]
public class RiskWorkloadTests
{
    private static string MonteCarloBook(int symbols, int simulations)
    {
        var positions = string.Join(",",
            Enumerable.Range(0, symbols).Select(i => $$"""{"symbol":"S{{i}}","quantity":{{i + 1}},"price":100}"""));
        // A return history, so that the simulation really runs (without one the engine uses its default model).
        var random = new Random(7);
        var returns = Enumerable.Range(0, symbols).ToDictionary(i => $"S{i}",
            _ => Enumerable.Range(0, 60).Select(_ => (random.NextDouble() - 0.5) * 0.04).ToArray());
        return $$"""
            {"book":"paper","positions":[{{positions}}],"portfolio_value":100000,"method":"monte_carlo","simulations":{{simulations}},
             "returns":{{JsonSerializer.Serialize(returns)}}}
            """;
    }

    [Fact]
    public async Task Heavy_work_runs_its_workers_queues_its_queue_and_refuses_the_rest_until_a_turn_ends()
    {
        // The engine's admission as configured (RISK_WORKERS=1, RISK_WORK_QUEUE=1).
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["RISK_WORKERS"] = "1", ["RISK_WORK_QUEUE"] = "1" }).Build())
            .AddRiskEngineSettings().BuildServiceProvider();
        var settings = services.GetRequiredService<IOptions<RiskEngineSettings>>().Value;
        using var heavyWork = new ConcurrencyLimiter(RiskEngineConfiguration.HeavyWork(settings));
        var running = await heavyWork.AcquireAsync(1);
        Assert.True(running.IsAcquired);
        var waiting = heavyWork.AcquireAsync(1).AsTask();
        Assert.False(waiting.IsCompleted);
        using (var refused = await heavyWork.AcquireAsync(1)) Assert.False(refused.IsAcquired); // one running, one waiting: full
        running.Dispose();
        var next = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(next.IsAcquired);
        running.Dispose(); // a second dispose does not give the turn back twice: the next caller waits
        var later = heavyWork.AcquireAsync(1).AsTask();
        Assert.False(later.IsCompleted);
        next.Dispose();
        using var last = await later.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(last.IsAcquired);
    }

    [Fact]
    public async Task A_Monte_Carlo_run_over_the_budget_is_a_400_naming_simulations_and_records_nothing()
    {
        using var engine = new RiskEngineFactory();
        var (response, problem) = await engine.PostAsync("/risk/evaluate", MonteCarloBook(symbols: 11, simulations: 1_000_000));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("simulations", problem.GetProperty("field").GetString());
        Assert.Equal(0, (await engine.GetJsonAsync("/risk/state")).GetProperty("evaluations").GetInt64());
    }

    [Fact]
    public async Task A_saturated_pool_answers_503_with_Retry_After_while_health_and_light_requests_are_served()
    {
        // The real process on a real socket: its thread pool is its own, as in production.
        using var folder = new TemporaryFolder();
        await using var engine = await BuiltService.StartAsync("NeoLight.RiskEngine", new Dictionary<string, string>
        {
            ["RISK_STATE_PATH"] = folder.File("risk_state.json"), ["RISK_WORKERS"] = "1", ["RISK_WORK_QUEUE"] = "1",
        });
        using var client = engine.CreateClient();
        var heavy = Enumerable.Range(0, 8).Select(_ =>
            client.PostAsync("/risk/evaluate", new StringContent(MonteCarloBook(10, 1_000_000), Encoding.UTF8,
                "application/json"))).ToList();
        var health = new List<HttpStatusCode>();
        var light = new List<HttpStatusCode>();
        while (!heavy.All(t => t.IsCompleted))
        {
            health.Add((await client.GetAsync("/health")).StatusCode);
            light.Add((await client.PostAsync("/risk/evaluate", new StringContent(
                """{"book":"paper","positions":[{"symbol":"BTC-USD","quantity":0.05,"price":107000}],"portfolio_value":100000}""",
                Encoding.UTF8, "application/json"))).StatusCode);
        }
        var answers = await Task.WhenAll(heavy);

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        var served = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal(8, refused.Count + served);
        Assert.InRange(served, 1, 7);
        foreach (var answer in refused)
        {
            Assert.Equal("1", answer.Headers.RetryAfter?.ToString());
            var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("simulations", problem.GetProperty("field").GetString());
        }
        Assert.NotEmpty(health);
        Assert.All(health, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.All(light, status => Assert.Equal(HttpStatusCode.OK, status));
        // A refused evaluation recorded nothing: the state counts the served ones and the light ones only.
        var state = JsonDocument.Parse(await client.GetStringAsync("/risk/state")).RootElement;
        Assert.Equal(served + light.Count, state.GetProperty("evaluations").GetInt64());
    }
}

/// <summary>The engine's settings: a bad value stops the start naming the variable.</summary>
public sealed class RiskEngineSettingsTests
{
    [Theory]
    [InlineData("RISK_WORKERS", "0", "RISK_WORKERS=0 must be a whole number between 1 and 1024")]
    [InlineData("RISK_HISTORY_WINDOW", "1", "RISK_HISTORY_WINDOW=1 must be a whole number between 2 and 100000")]
    [InlineData("RISK_STATE_FLUSH_MS", "often", "RISK_STATE_FLUSH_MS")]
    public void A_bad_value_is_refused_naming_the_variable(string variable, string value, string expected)
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection([new(variable, value)]).Build())
            .AddRiskEngineSettings().BuildServiceProvider();
        var failure = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IOptions<RiskEngineSettings>>().Value);
        var message = failure is OptionsValidationException invalid ? string.Join("; ", invalid.Failures) : failure.Message;
        Assert.Contains(expected, message);
    }
}
