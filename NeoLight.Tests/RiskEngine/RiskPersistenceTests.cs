using NeoLight.Tests.Infrastructure;
using System.Net;
using System.Text;
using System.Text.Json;

namespace NeoLight.Tests.RiskEngine;

public class RiskPersistenceTests
{
    private const string Book =
        """{"book":"paper","positions":[{"symbol":"BTC-USD","quantity":0.05,"price":107000.0}],"portfolio_value":PV}""";

    [Fact]
    public async Task State_and_drawdown_history_survive_a_restart()
    {
        using var folderFolder = new TemporaryFolder();
        var folder = folderFolder.Path;
        {
            using (var first = new RiskEngineFactory(folder))
            {
                foreach (var pv in new[] { 100_000, 110_000, 99_000 })
                    await first.PostAsync("/risk/evaluate", Book.Replace("PV", pv.ToString()));
                await first.PostAsync("/risk/kill-switch", """{"halted":true,"reason":"weekend"}"""); // waits for the disk
            }

            using var second = new RiskEngineFactory(folder);
            var state = await second.GetJsonAsync("/risk/state");
            Assert.Equal(3, state.GetProperty("evaluations").GetInt64());
            Assert.True(state.GetProperty("halted").GetBoolean());
            Assert.Equal("weekend", state.GetProperty("halt_reason").GetString());
            Assert.Equal(10.0, state.GetProperty("drawdown").GetDouble(), 9); // (110k - 99k) / 110k
            Assert.Equal(1, state.GetProperty("active_positions").GetInt32());

            // The drawdown series goes on from where it was.
            var (_, body) = await second.PostAsync("/risk/evaluate", Book.Replace("PV", "88000"));
            Assert.Equal(20.0, body.GetProperty("drawdown").GetDouble(), 9);
            Assert.Equal(20.0, body.GetProperty("max_drawdown").GetDouble(), 9);
        }
    }

    [Fact]
    public async Task A_crash_mid_write_leaves_the_previous_state_readable()
    {
        using var folderFolder = new TemporaryFolder();
        var folder = folderFolder.Path;
        {
            using (var first = new RiskEngineFactory(folder))
                await first.PostAsync("/risk/kill-switch", """{"halted":true,"reason":"before crash"}""");

            // What a crash during a write leaves behind: a half-written temporary file beside the state.
            var state = Path.Combine(folder, "risk_state.json");
            File.WriteAllText(Path.Combine(folder, ".risk_state.json.4242.tmp"), """{"evaluations": 99, "halted": fal""");

            using var second = new RiskEngineFactory(folder);
            var snapshot = await second.GetJsonAsync("/risk/state");
            Assert.True(snapshot.GetProperty("halted").GetBoolean());
            Assert.Equal("before crash", snapshot.GetProperty("halt_reason").GetString());
            Assert.NotNull(JsonDocument.Parse(File.ReadAllText(state)));
        }
    }

    [Fact]
    public async Task A_damaged_state_file_is_set_aside_and_the_engine_starts_clean()
    {
        using var folderFolder = new TemporaryFolder();
        var folder = folderFolder.Path;
        {
            File.WriteAllText(Path.Combine(folder, "risk_state.json"), "{ this is not json");
            using var engine = new RiskEngineFactory(folder);
            var (response, _) = await engine.PostAsync("/risk/evaluate", Book.Replace("PV", "100000"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Single(Directory.GetFiles(folder, "risk_state.json.corrupt-*"));
            Assert.Equal(1, (await engine.GetJsonAsync("/risk/state")).GetProperty("evaluations").GetInt64());
        }
    }

    [Fact]
    public async Task A_state_file_that_cannot_be_written_is_a_503_and_the_engine_lives_on()
    {
        using var folderFolder = new TemporaryFolder();
        var folder = folderFolder.Path;
        {
            // The state's folder is a regular file: every write fails, as on a full or read-only disk.
            var blocker = Path.Combine(folder, "not-a-folder");
            File.WriteAllText(blocker, "");
            using var prices = new TemporaryFolder();
            using var engine = new RiskEngineFactory(folder, new()
            {
                ["RISK_STATE_PATH"] = Path.Combine(blocker, "risk_state.json"),
                ["RISK_PRICES_PATH"] = Path.Combine(prices.Path, "risk_prices.db"),
            });

            var (halt, problem) = await engine.PostAsync("/risk/kill-switch", """{"halted":true,"reason":"disk test"}""");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, halt.StatusCode);
            Assert.Equal("state", problem.GetProperty("field").GetString());
            // The background writer keeps failing on every flush, and the engine keeps answering.
            await Task.Delay(200);
            var (evaluate, _) = await engine.PostAsync("/risk/evaluate",
                """{"positions":[{"symbol":"A","quantity":1,"price":10}],"portfolio_value":1000}""");
            Assert.Equal(HttpStatusCode.OK, evaluate.StatusCode);
            await Task.Delay(200);
            using var client = engine.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
            Assert.Equal(["not-a-folder"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
        }
    }

    [Fact]
    public async Task Concurrent_evaluations_and_validations_lose_no_update()
    {
        using var engine = new RiskEngineFactory();
        using var client = engine.CreateClient();
        const int workers = 8, each = 150;
        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < each; i++)
            {
                var evaluate = await client.PostAsync("/risk/evaluate", new StringContent(Book.Replace("PV",
                    (100_000 + w * 1000 + i).ToString()), Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, evaluate.StatusCode);
                var validate = await client.PostAsync("/risk/validate",
                    new StringContent("""{"symbol":"ETH-USD","side":"buy","quantity":1,"price":3600,"portfolio_value":100000}""",
                        Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, validate.StatusCode);
            }
        })).ToArray();
        await Task.WhenAll(tasks);

        var state = await engine.GetJsonAsync("/risk/state");
        Assert.Equal(workers * each, state.GetProperty("evaluations").GetInt64());
        Assert.Equal(100_000 + 7 * 1000 + 149, state.GetProperty("peak_value").GetDouble());
        await engine.PostAsync("/risk/kill-switch", """{"halted":false}""");
        var persisted = JsonDocument.Parse(File.ReadAllText(engine.StatePath)).RootElement;
        Assert.Equal(workers * each, persisted.GetProperty("evaluations").GetInt64());
    }
}
