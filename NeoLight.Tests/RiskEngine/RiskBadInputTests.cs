using NeoLight.Tests.Infrastructure;
using System.Net;
using System.Text;

namespace NeoLight.Tests.RiskEngine;

/// <summary>Every class of bad input in API.md answers 4xx problem+json naming the field and changes nothing.</summary>
public class RiskBadInputTests : IClassFixture<RiskBadInputTests.Engine>
{
    public sealed class Engine : IDisposable
    {
        public RiskEngineFactory Factory { get; } = new(settings: new() { ["NEOLIGHT_MAX_REQUEST_BYTES"] = "65536" });
        public void Dispose() => Factory.Dispose();
    }

    private readonly RiskEngineFactory _engine;

    public RiskBadInputTests(Engine engine) => _engine = engine.Factory;

    public static TheoryData<string, string, string> BadRequests => new()
    {
        // path, body, the field the problem must name
        { "/risk/evaluate", """{"positions":[],"portfolio_value":""", "portfolio_value" },
        { "/risk/evaluate", "", "body" },
        { "/risk/evaluate", "[1,2]", "body" },
        { "/risk/evaluate", "null", "body" },
        { "/risk/evaluate", """{"positions":"none","portfolio_value":1}""", "positions" },
        { "/risk/evaluate", """{"positions":[],"portfolio_value":"100000"}""", "portfolio_value" },
        { "/risk/evaluate", """{"positions":[]}""", "portfolio_value" },
        { "/risk/evaluate", """{"portfolio_value":100000}""", "positions" },
        { "/risk/evaluate", """{"positions":[],"portfolio_value":NaN}""", "portfolio_value" },
        { "/risk/evaluate", """{"positions":[],"portfolio_value":Infinity}""", "portfolio_value" },
        { "/risk/evaluate", """{"positions":[],"portfolio_value":1e999}""", "portfolio_value" },
        { "/risk/evaluate", """{"positions":[],"portfolio_value":-5}""", "portfolio_value" },
        { "/risk/evaluate", """{"positions":[{"symbol":"BTC-USD","quantity":1,"price":-3}],"portfolio_value":1}""", "positions[0].price" },
        { "/risk/evaluate", """{"positions":[{"symbol":"","quantity":1,"price":3}],"portfolio_value":1}""", "positions[0].symbol" },
        { "/risk/evaluate", """{"positions":[{"symbol":"A","price":3}],"portfolio_value":1}""", "positions[0].quantity" },
        { "/risk/evaluate", """{"positions":[null],"portfolio_value":1}""", "positions[0]" },
        { "/risk/evaluate", """{"positions":[],"portfolio_value":1,"confidence":1.5}""", "confidence" },
        { "/risk/evaluate", """{"positions":[],"portfolio_value":1,"confidence":0.1}""", "confidence" },
        { "/risk/evaluate", """{"positions":[],"portfolio_value":1,"method":"astrology"}""", "method" },
        { "/risk/evaluate", """{"positions":[],"portfolio_value":1,"horizon_days":0}""", "horizon_days" },
        { "/risk/evaluate", """{"positions":[],"portfolio_value":1,"simulations":5}""", "simulations" },
        { "/risk/evaluate", """{"positions":[{"symbol":"A","quantity":1,"price":3}],"portfolio_value":1,"returns":{"B":[0.1,0.2]}}""",
            "returns" },
        { "/risk/evaluate", """{"positions":[],"portfolio_value":1,"returns":{"A":[0.1,0.2],"B":[0.1]}}""", "returns.B" },
        { "/risk/evaluate", """{"positions":[],"portfolio_value":1,"returns":{"A":[0.1,0.2,0.3],"B":[0.1,0.2]}}""", "returns.B" },
        { "/risk/evaluate", """{"positions":[],"portfolio_value":1,"returns":{"A":[0.1,"x"]}}""", "returns.A[1]" },
        { "/risk/evaluate", """{"positions":[],"portfolio_value":1,"equity_curve":[100,-1]}""", "equity_curve[1]" },
        { "/risk/validate", """{"side":"buy","quantity":1,"price":1,"portfolio_value":1}""", "symbol" },
        { "/risk/validate", """{"symbol":"A","side":"hold","quantity":1,"price":1,"portfolio_value":1}""", "side" },
        { "/risk/validate", """{"symbol":"A","side":"buy","quantity":0,"price":1,"portfolio_value":1}""", "quantity" },
        { "/risk/validate", """{"symbol":"A","side":"buy","quantity":1,"price":0,"portfolio_value":1}""", "price" },
        { "/risk/validate", """{"symbol":"A","side":"buy","quantity":1,"price":1}""", "portfolio_value" },
        { "/risk/validate", """{"symbol":"A","side":"buy","quantity":1,"price":1,"portfolio_value":1,"max_drawdown":2}""", "max_drawdown" },
        { "/risk/validate",
            """
                {"symbol":"A","side":"buy","quantity":1,"price":1,"portfolio_value":1,
                "current_positions":[{"symbol":"B","quantity":1,"price":-1}]}
                """, "current_positions[0].price" },
        { "/risk/stress", """{"positions":[],"portfolio_value":1,"scenarios":[{"name":"x","shocks":{"A":-2}}]}""",
            "scenarios[0].shocks.A" },
        { "/risk/stress", """{"positions":[],"portfolio_value":1,"scenarios":[{"shocks":{"A":-0.2}}]}""", "scenarios[0].name" },
        { "/risk/prices", """{"prices":[{"symbol":"A","price":0}]}""", "prices[0].price" },
        { "/risk/prices", """{"prices":[{"symbol":"A","price":1,"timestamp":"yesterday"}]}""", "prices[0].timestamp" },
        { "/risk/prices", """{}""", "prices" },
        { "/risk/kill-switch", """{"reason":"x"}""", "halted" },
        { "/risk/kill-switch", $$"""{"halted":true,"reason":"{{new string('x', 501)}}"}""", "reason" },
        // Overflow: inputs whose products, squares or ratios would leave a double (once a 500 and a dead engine).
        { "/risk/evaluate", """{"positions":[{"symbol":"A","quantity":1e200,"price":1e200}],"portfolio_value":100000}""",
            "positions[0].price" },
        { "/risk/evaluate", """{"positions":[{"symbol":"A","quantity":1e200,"price":100}],"portfolio_value":100000}""",
            "positions[0].quantity" },
        { "/risk/evaluate", """{"positions":[{"symbol":"A","quantity":1e13,"price":1000}],"portfolio_value":100000}""",
            "positions[0].quantity" },
        { "/risk/evaluate", """{"positions":[{"symbol":"A","quantity":1,"price":100}],"portfolio_value":1e-320}""", "portfolio_value" },
        { "/risk/evaluate",
            """
                {"positions":[{"symbol":"BTC-USD","quantity":1,"price":100}],"portfolio_value":100000,
                "returns":{"BTC-USD":[1e300,-0.5,1e300]}}
                """,
            "returns.BTC-USD[0]" },
        { "/risk/validate", """{"symbol":"A","side":"buy","quantity":1e200,"price":1e200,"portfolio_value":100000}""", "price" },
        { "/risk/validate", """{"symbol":"A","side":"buy","quantity":1e200,"price":1,"portfolio_value":100000}""", "quantity" },
        { "/risk/stress",
            """{"positions":[{"symbol":"A","quantity":1,"price":1}],"portfolio_value":1,"scenarios":[{"name":"x","shocks":{"A":1e308}}]}""",
            "scenarios[0].shocks.A" },
        { "/risk/prices", """{"prices":[{"symbol":"A","price":1e300}]}""", "prices[0].price" },
        { "/risk/prices", """{"prices":[{"symbol":"A","price":1e-300}]}""", "prices[0].price" },
        // One rule for symbols and names (NameRules).
        { "/risk/validate", """{"symbol":"BTC\u0000USD","side":"buy","quantity":1,"price":1,"portfolio_value":1}""", "symbol" },
        { "/risk/validate", """{"symbol":"BTC\u202EDSU","side":"buy","quantity":1,"price":1,"portfolio_value":1}""", "symbol" },
        { "/risk/validate", """{"symbol":"../../../../tmp/x","side":"buy","quantity":1,"price":1,"portfolio_value":1}""", "symbol" },
        { "/risk/prices", """{"prices":[{"symbol":"<script>","price":1}]}""", "prices[0].symbol" },
        { "/risk/evaluate", """{"positions":[{"symbol":"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456","quantity":1,"price":1}],"portfolio_value":1}""",
            "positions[0].symbol" },
        { "/risk/stress", """{"positions":[],"portfolio_value":1,"scenarios":[{"name":"crash\nnow","shocks":{"*":-0.2}}]}""",
            "scenarios[0].name" },
        { "/risk/stress", """{"positions":[],"portfolio_value":1,"scenarios":[{"name":"x","shocks":{"a b":-0.2}}]}""",
            "scenarios[0].shocks" },
        // Analytics (issue 13): unequal lengths, non-numbers, a negative forecast, λ outside (0, 1), a window that leaves nothing.
        { "/risk/backtest", """{"var":[1,2,3],"pnl":[0,0]}""", "pnl" },
        { "/risk/backtest", """{"var":[1,NaN],"pnl":[0,0]}""", "var[1]" },
        { "/risk/backtest", """{"var":[1,-0.5],"pnl":[0,0]}""", "var[1]" },
        { "/risk/backtest", """{"var":[],"pnl":[]}""", "var" },
        { "/risk/backtest", """{"var":[1],"pnl":[0],"confidence":1}""", "confidence" },
        { "/risk/backtest", """{"pnl":[0]}""", "var" },
        { "/risk/backtest", """{}""", "var" },
        { "/risk/backtest", """{"var":[1],"pnl":[0],"positions":[{"symbol":"A","quantity":1,"price":1}]}""", "var" },
        { "/risk/backtest", """{"positions":[{"symbol":"A","quantity":1,"price":1}],"returns":{"A":[0.1,0.2,0.3]},"window":3}""",
            "window" },
        { "/risk/backtest", """{"positions":[{"symbol":"A","quantity":1,"price":1}],"returns":{"A":[0.1,0.2,0.3]},"window":2,"lambda":1}""",
            "lambda" },
        { "/risk/backtest",
            """{"positions":[{"symbol":"A","quantity":1,"price":1}],"returns":{"A":[0.1,0.2,0.3]},"window":2,"method":"monte_carlo"}""",
            "method" },
        { "/risk/backtest", """{"positions":[{"symbol":"A","quantity":1,"price":1}],"returns":{"A":[0.1,-1.5,0.3]},"window":2}""",
            "returns.A[1]" },
        { "/risk/backtest", """{"positions":[{"symbol":"A","quantity":1,"price":1}]}""", "returns" },
        { "/risk/backtest", """{"positions":[],"returns":{"A":[0.1,0.2,0.3]}}""", "positions" },
        { "/risk/evaluate", """{"positions":[],"portfolio_value":1,"method":"ewma","lambda":0}""", "lambda" },
        { "/risk/evaluate", """{"positions":[],"portfolio_value":1,"method":"ewma","lambda":1.2}""", "lambda" },
        { "/risk/performance", """{"returns":[0.1]}""", "returns" },
        { "/risk/performance", """{}""", "returns" },
        { "/risk/performance", """{"returns":[0.1,-2]}""", "returns[1]" },
        { "/risk/performance", """{"returns":[0.1,0.2],"benchmark":[0.1]}""", "benchmark" },
        { "/risk/performance", """{"returns":[0.1,0.2],"benchmark":[0.1,Infinity]}""", "benchmark[1]" },
        { "/risk/performance", """{"returns":[0.1,0.2],"equity_curve":[1,2,3]}""", "returns" },
        { "/risk/performance", """{"equity_curve":[100,0,3]}""", "equity_curve[1]" },
        { "/risk/performance", """{"returns":[0.1,0.2],"periods_per_year":0}""", "periods_per_year" },
        { "/risk/performance", """{"returns":[0.1,0.2],"risk_free":-3}""", "risk_free" },
        // +1000 % three hundred times compounds past a double.
        { "/risk/performance", $$"""{"returns":[{{string.Join(",", Enumerable.Repeat("10", 300))}}]}""", "returns" },
        // A key given twice: refused, not last-wins.
        { "/risk/evaluate", """{"positions":[],"portfolio_value":-1,"portfolio_value":100000}""", "portfolio_value" },
        { "/risk/kill-switch", """{"halted":false,"halted":true}""", "halted" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_a_problem_naming_the_field_and_changes_no_state(string path, string body, string field)
    {
        var before = File.Exists(_engine.StatePath) ? File.ReadAllText(_engine.StatePath) : null;
        var stateBefore = (await _engine.GetJsonAsync("/risk/state")).GetRawText();

        var (response, problem) = await _engine.PostAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.StartsWith(field, problem.GetProperty("detail").GetString());
        Assert.Equal(problem.GetProperty("detail").GetString(), problem.GetProperty("error").GetString());
        Assert.Equal(400, problem.GetProperty("code").GetInt32());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());

        Assert.Equal(stateBefore, (await _engine.GetJsonAsync("/risk/state")).GetRawText());
        Assert.Equal(before, File.Exists(_engine.StatePath) ? File.ReadAllText(_engine.StatePath) : null);
    }

    [Fact]
    public async Task Too_many_positions_is_refused()
    {
        var positions = string.Join(",", Enumerable.Range(0, 1001).Select(i => $$"""{"symbol":"S{{i}}","quantity":1,"price":1}"""));
        var (response, problem) = await _engine.PostAsync("/risk/evaluate", $$"""{"positions":[{{positions}}],"portfolio_value":1}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("positions", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        var padding = new string(' ', 70_000);
        var (response, problem) = await _engine.PostAsync("/risk/evaluate", $$"""{"positions":[],{{padding}}"portfolio_value":1}""");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(413, problem.GetProperty("code").GetInt32());
        Assert.Equal("body", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_form_or_text_post_is_a_415_and_changes_nothing()
    {
        var stateBefore = (await _engine.GetJsonAsync("/risk/state")).GetRawText();
        using var client = _engine.CreateClient();
        var form = await client.PostAsync("/risk/validate", new StringContent("symbol=BTC", Encoding.UTF8,
            "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        // What a foreign web page can send without a preflight: text/plain holding JSON.
        var text = await client.PostAsync("/risk/kill-switch", new StringContent("""{"halted":true}""", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("application/problem+json", text.Content.Headers.ContentType?.MediaType);
        Assert.Equal(stateBefore, (await _engine.GetJsonAsync("/risk/state")).GetRawText());
    }

    [Fact]
    public async Task A_write_from_another_web_site_or_to_a_foreign_host_is_refused_and_changes_nothing()
    {
        var stateBefore = (await _engine.GetJsonAsync("/risk/state")).GetRawText();
        using var client = _engine.CreateClient();

        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/risk/kill-switch")
        {
            Content = new StringContent("""{"halted":true}""", Encoding.UTF8, "application/json"),
        };
        foreign.Headers.Add("Origin", "http://evil.example");
        var refused = await client.SendAsync(foreign);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Origin",
            System.Text.Json.JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());

        // DNS rebinding: the page's own origin, but the request is addressed to a foreign name.
        using var rebound = new HttpRequestMessage(HttpMethod.Post, "/risk/kill-switch")
        {
            Content = new StringContent("""{"halted":true}""", Encoding.UTF8, "application/json"),
        };
        rebound.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(rebound)).StatusCode);
        Assert.Equal(stateBefore, (await _engine.GetJsonAsync("/risk/state")).GetRawText());

        // A loopback origin (a page served by NeoLight itself) may write; reads stay open to any origin.
        using var local = new HttpRequestMessage(HttpMethod.Post, "/risk/evaluate")
        {
            Content = new StringContent("""{"positions":[],"portfolio_value":1000}""", Encoding.UTF8, "application/json"),
        };
        local.Headers.Add("Origin", "http://127.0.0.1:8100");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(local)).StatusCode);
        using var read = new HttpRequestMessage(HttpMethod.Get, "/risk/state");
        read.Headers.Add("Origin", "http://evil.example");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(read)).StatusCode);
    }

    [Fact]
    public async Task Invalid_UTF_8_in_a_string_is_a_400_not_a_500()
    {
        using var client = _engine.CreateClient();
        var content = new ByteArrayContent([.. """{"symbol":"B"""u8, 0xFF,
            .. "\",\"side\":\"buy\",\"quantity\":1,\"price\":1,\"portfolio_value\":1}"u8]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var response = await client.PostAsync("/risk/validate", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // The reader stops inside the string, so the problem names its member.
        Assert.Equal("symbol",
            System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Invalid_UTF_8_in_a_member_the_request_does_not_have_is_a_400_too()
    {
        using var client = _engine.CreateClient();
        var before = await client.GetStringAsync("/risk/state");
        // The serializer skips members the type has no property for without decoding them: the byte was accepted (200).
        var content = new ByteArrayContent(
            [.. """{"symbol":"BTC","side":"buy","quantity":1,"price":1,"portfolio_value":1,"note":"x"""u8,
            0xFF, .. "\"}"u8]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var response = await client.PostAsync("/risk/validate", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("body", problem.GetProperty("field").GetString());
        Assert.Contains("not valid UTF-8", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await client.GetStringAsync("/risk/state"));
    }
}
