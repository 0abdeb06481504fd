using NeoLight.Tests.Infrastructure;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NeoLight.Dashboard.Storage;

namespace NeoLight.Tests.Dashboard;

public class DashboardBadInputTests : IClassFixture<DashboardBadInputTests.Host>
{
    public sealed class Host : IDisposable
    {
        public DashboardFactory Factory { get; } = new(new() { ["NEOLIGHT_MAX_REQUEST_BYTES"] = "4096" });
        public void Dispose() => Factory.Dispose();
    }

    private readonly DashboardFactory _dashboard;
    public DashboardBadInputTests(Host host) => _dashboard = host.Factory;

    public static TheoryData<string, string, string> BadReports => new()
    {
        { "/meta/metrics", "[1,2,3]", "body" },
        { "/meta/metrics", "\"text\"", "body" },
        { "/meta/metrics", "{\"mode\":", "mode" },
        { "/meta/metrics", "{\"mode\":\"PAPER\",\"per_agent\":{\"momentum\":{\"pnl_1d\":NaN}}}", "per_agent.momentum.pnl_1d" },
        { "/meta/metrics", "{\"per_agent\":{\"momentum\":{\"pnl_1d\":\"lots\"}}}", "per_agent.momentum.pnl_1d" },
        { "/meta/metrics", "{\"per_agent\":[1]}", "per_agent" },
        { "/meta/metrics", "{\"per_agent\":{\"m\":{\"pnl_1d\":1,\"pnl_1d\":2}}}", "per_agent.m.pnl_1d" }, // a repeated key, by path
        { "/meta/performance", "{\"decisions\":[{\"agent\":\"a\"},{\"agent\":\"a\",\"id\":\"x\",\"id\":\"y\"}]}", "decisions[1].id" },
        { "/meta/performance", "{\"agent\":\"a\",\"id\":\"\"}", "id" },
        { "/meta/performance", "{\"agent\":\"a\",\"sequence\":0}", "sequence" },
        { "/meta/session", "{\"reason\":\"no id\"}", "session" },
        { "/meta/metrics", "{\"per_strategy\":{\"x\":{\"score\":1e999}}}", "per_strategy.x.score" },
        { "/meta/metrics", "{\"guardian\":{\"is_paused\":\"no\"}}", "guardian.is_paused" },
        { "/meta/metrics", "{\"breakers\":{\"trade_state\":1}}", "breakers.trade_state" },
        { "/meta/metrics", "{\"timestamp\":\"noon\"}", "timestamp" },
        { "/meta/metrics", "{\"summary\":{\"total_agents\":\"3\"}}", "summary.total_agents" },
        { "/meta/metrics", "{\"risk\":[1]}", "risk" },
        { "/meta/metrics", "{\"risk\":{\"var_99\":\"high\"}}", "risk.var_99" },
        { "/meta/metrics", "{\"risk\":{\"halted\":\"yes\"}}", "risk.halted" },
        { "/meta/metrics", "{\"rejections_by_check\":{\"var_99\":-1}}", "rejections_by_check.var_99" },
        { "/meta/metrics", "{\"rejections_by_check\":{\"var_99\":1.5}}", "rejections_by_check.var_99" },
        { "/meta/performance", "{\"symbol\":\"BTC-USD\"}", "agent" },
        { "/meta/performance", "{\"agent\":\"a\",\"pnl\":\"big\"}", "pnl" },
        { "/meta/performance", "{\"decisions\":[{\"agent\":\"a\"},{\"pnl\":1}]}", "decisions[1].agent" },
        { "/meta/performance", "{\"decisions\":\"all\"}", "decisions" },
        { "/meta/performance", "{\"decisions\":[]}", "decisions" },
        { "/meta/regime", "{\"regime\":\"MOON\"}", "regime" },
        { "/meta/regime", "{\"regime\":\"BULL\",\"risk_multiplier\":3}", "risk_multiplier" },
        { "/meta/regime", "{}", "regime" },
        { "/governor/allocations", "{\"allocations\":{\"a\":0.7,\"b\":0.6}}", "allocations" },
        { "/governor/allocations", "{\"allocations\":{\"a\":-0.1}}", "allocations.a" },
        { "/governor/allocations", "{\"source\":\"x\"}", "allocations" },
        { "/atlas/update", "[]", "body" },
        // One rule for symbols and names (NameRules).
        { "/meta/performance", "{\"agent\":\"a\\u0007b\"}", "agent" },
        { "/meta/performance", "{\"agent\":\"a\",\"symbol\":\"<script>\"}", "symbol" },
        { "/meta/performance", "{\"agent\":\"" + new string('a', 129) + "\"}", "agent" },
        { "/governor/allocations", "{\"allocations\":{\"\\u202Eevil\":0.1}}", "allocations" },
        { "/meta/metrics", "{\"per_agent\":{\"\\u0000\":{\"pnl_1d\":1}}}", "per_agent" },
        // A key given twice is refused, not resolved last-wins.
        { "/meta/regime", "{\"regime\":\"MOON\",\"regime\":\"BULL\"}", "regime" },
        { "/meta/metrics", "{\"mode\":\"PAPER\",\"mode\":\"LIVE\"}", "mode" },
    };

    /// <summary>Raw bytes, as a buggy or hostile client sends them: not JSON's content type, or not UTF-8.</summary>
    public static TheoryData<string, byte[], string, int> BadBytes => new()
    {
        { "/meta/metrics", [.. "{\"mode\":\"PA"u8, 0xFF, .. "PER\"}"u8], "application/json", 400 },
        { "/atlas/update", [.. "{\"node\":\""u8, 0xC3, 0x28, .. "\",\"status\":\"ok\"}"u8], "application/json", 400 },
        { "/meta/regime", "{\"regime\":\"BULL\"}"u8.ToArray(), "text/plain", 415 },
        { "/governor/allocations", "allocations=1"u8.ToArray(), "application/x-www-form-urlencoded", 415 },
    };

    [Theory]
    [MemberData(nameof(BadBytes))]
    public async Task Invalid_UTF_8_and_non_JSON_bodies_are_4xx_not_500_and_store_nothing(string path, byte[] body, string type, int status)
    {
        var store = _dashboard.Services.GetRequiredService<IDashboardStore>();
        var before = Enum.GetValues<RecordKind>().Sum(k => store.Count(k));
        using var client = _dashboard.CreateClient();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);

        var response = await client.PostAsync(path, content);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("body", problem.GetProperty("field").GetString());
        Assert.Equal(before, Enum.GetValues<RecordKind>().Sum(k => store.Count(k)));
    }

    [Theory]
    [MemberData(nameof(BadReports))]
    public async Task A_report_of_the_wrong_shape_is_a_400_naming_the_field_and_stores_nothing(string path, string body, string field)
    {
        var store = _dashboard.Services.GetRequiredService<IDashboardStore>();
        var before = Enum.GetValues<RecordKind>().Sum(k => store.Count(k));

        var (response, problem) = await _dashboard.PostAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(400, problem.GetProperty("code").GetInt32());
        Assert.Equal(before, Enum.GetValues<RecordKind>().Sum(k => store.Count(k)));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_stores_nothing()
    {
        var big = "{\"mode\":\"" + new string('x', 5000) + "\"}";
        var (response, problem) = await _dashboard.PostAsync("/meta/metrics", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_snapshot_over_its_budget_is_413_and_stores_nothing()
    {
        using var dashboard = new DashboardFactory(new() { ["DASHBOARD_MAX_SNAPSHOT_BYTES"] = "2048" });
        var store = dashboard.Services.GetRequiredService<IDashboardStore>();
        // Within the budget, members the contract does not know are kept as sent.
        var (small, _) = await dashboard.PostAsync("/meta/metrics", "{\"mode\":\"PAPER\",\"extra\":\"" + new string('x', 1000) + "\"}");
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        var (big, problem) = await dashboard.PostAsync("/meta/metrics", "{\"mode\":\"PAPER\",\"extra\":\"" + new string('x', 3000) + "\"}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Equal("body", problem.GetProperty("field").GetString());
        var (atlas, _) = await dashboard.PostAsync("/atlas/update", "{\"node\":\"a\",\"blob\":\"" + new string('x', 3000) + "\"}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, atlas.StatusCode);
        Assert.Equal(1, store.Count(RecordKind.Metrics));
        Assert.Equal(0, store.Count(RecordKind.Atlas));
    }

    [Fact]
    public async Task A_bad_limit_is_a_400()
    {
        using var client = _dashboard.CreateClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/meta/performance?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/meta/performance?limit=ten")).StatusCode);
    }
}
