using System.Text.Json;
using Microsoft.Playwright;
using NeoLight.Tests.Infrastructure;
using NeoLight.Tests.Dashboard;

namespace NeoLight.Tests.AppHost;

/// <summary>One span as the Aspire dashboard's telemetry API returns it (OTLP JSON), with the service that sent it.</summary>
public sealed record ExportedSpan(string Resource, string TraceId, string SpanId, string? ParentSpanId, string Name, int Kind,
    IReadOnlyDictionary<string, string> Attributes)
{
    public static List<ExportedSpan> Parse(JsonElement answer)
    {
        var spans = new List<ExportedSpan>();
        foreach (var resourceSpans in answer.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var service = resourceSpans.GetProperty("resource").GetProperty("attributes").EnumerateArray()
                .First(a => a.GetProperty("key").GetString() == "service.name")
                .GetProperty("value").GetProperty("stringValue").GetString()!;
            foreach (var scope in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
            foreach (var span in scope.GetProperty("spans").EnumerateArray())
            {
                var attributes = span.TryGetProperty("attributes", out var a)
                    ? a.EnumerateArray().ToDictionary(x => x.GetProperty("key").GetString()!, x => x.GetProperty("value").ToString())
                    : [];
                spans.Add(new ExportedSpan(service, span.GetProperty("traceId").GetString()!, span.GetProperty("spanId").GetString()!,
                    span.TryGetProperty("parentSpanId", out var p) ? p.GetString() : null, span.GetProperty("name").GetString()!,
                    span.GetProperty("kind").GetInt32(), attributes));
            }
        }
        return spans;
    }
}

/// <summary>The services' telemetry in Aspire's own dashboard: one order is one trace across three services, and a person sees
/// it.</summary>
[Trait(TestCategories.Name, TestCategories.System)]
[Collection(WholeSystem.Name)]
public class AspireDashboardTests(NeoLightSystem system)
{
    private const int ServerKind = 2;

    /// <summary>Polls the dashboard until a trader tick's trace holds spans of the trader, the risk engine and the dashboard, all parents
    /// present.</summary>
    private async Task<List<ExportedSpan>> OrderTraceAsync()
    {
        using var telemetry = await system.TelemetryClientAsync();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var seen = "";
        while (DateTime.UtcNow < deadline)
        {
            var recent = ExportedSpan.Parse(JsonDocument.Parse(
                await telemetry.GetStringAsync("/api/telemetry/traces?resource=trader&limit=30")).RootElement);
            foreach (var traceId in recent.Where(s => s.Name == "risk.validate").Select(s => s.TraceId).Distinct())
            {
                var spans = ExportedSpan.Parse(JsonDocument.Parse(
                    await telemetry.GetStringAsync($"/api/telemetry/traces/{traceId}")).RootElement);
                var resources = spans.Select(s => s.Resource).ToHashSet();
                var complete = spans.Any(s => s.Name == "trader.tick" && s.ParentSpanId is null)
                               && spans.All(s => s.ParentSpanId is null || spans.Any(p => p.SpanId == s.ParentSpanId));
                if (complete && resources.SetEquals(["trader", "risk-engine", "dashboard"])) return spans;
                seen = $"{traceId}: {string.Join(",", resources)}";
            }
            await Task.Delay(1000);
        }
        throw new TimeoutException($"no complete trace spanning trader, risk-engine and dashboard within 90 s; last seen {seen}");
    }

    [Fact]
    public async Task One_order_is_one_trace_from_the_trader_through_the_risk_engine_to_the_dashboard()
    {
        var spans = await OrderTraceAsync();
        var root = Assert.Single(spans, s => s.ParentSpanId is null);
        Assert.Equal("trader.tick", root.Name);
        Assert.Equal("trader", root.Resource);
        var validate = spans.First(s => s.Name == "risk.validate");
        Assert.Equal("risk-engine", validate.Resource);
        Assert.True(validate.Attributes.ContainsKey("neolight.approved"));
        Assert.Contains(spans, s => s.Name == "trader.order" && s.Resource == "trader");
        Assert.Contains(spans, s => s.Resource == "dashboard" && s.Kind == ServerKind);

        // NeoLight's own instruments reached the metrics view too, and the structured logs.
        using var telemetry = await system.TelemetryClientAsync();
        var resources = JsonDocument.Parse(await telemetry.GetStringAsync("/api/telemetry/resources")).RootElement;
        foreach (var service in NeoLightSystem.Services)
        {
            var entry = resources.EnumerateArray().First(r => r.GetProperty("name").GetString() == service);
            Assert.True(entry.GetProperty("hasMetrics").GetBoolean(), $"{service} sent no metrics");
            Assert.True(entry.GetProperty("hasLogs").GetBoolean(), $"{service} sent no logs");
        }
    }

    [BrowserFact]
    public async Task A_person_logs_in_and_sees_the_five_resources_running_the_order_trace_and_our_instruments()
    {
        var trace = await OrderTraceAsync();
        await using var chromium = await HeadlessChromium.OpenAsync(1600, 1000);
        var page = chromium.Page;
        var shots = Path.Combine(Path.GetTempPath(), "neolight-aspire");
        Directory.CreateDirectory(shots);

        // The login URL the terminal prints: /login?t=<token>; then the resources page.
        await page.GotoAsync(new Uri(system.DashboardUrl, $"/login?t={system.BrowserToken}").ToString());
        foreach (var service in NeoLightSystem.Services)
        {
            var row = page.Locator("[role='row']").Filter(new LocatorFilterOptions { HasText = service }).First;
            await Assertions.Expect(row).ToContainTextAsync("Running", new() { Timeout = 30_000 });
        }
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "resources.png"), FullPage = true });

        // The trace's own page lists spans of all three services.
        var traceId = trace[0].TraceId;
        await page.GotoAsync(new Uri(system.DashboardUrl, $"/traces/detail/{traceId}").ToString());
        var body = page.Locator("body");
        await Assertions.Expect(body).ToContainTextAsync("risk.validate", new() { Timeout = 30_000 });
        foreach (var service in new[] { "trader", "risk-engine", "dashboard" })
            await Assertions.Expect(body).ToContainTextAsync(service);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "trace.png"), FullPage = true });

        // NeoLight's own instruments in the metrics view.
        await page.GotoAsync(new Uri(system.DashboardUrl, "/metrics/resource/risk-engine").ToString());
        await Assertions.Expect(body).ToContainTextAsync("neolight.risk.validations", new() { Timeout = 30_000 });
        await page.GotoAsync(new Uri(system.DashboardUrl, "/metrics/resource/trader").ToString());
        await Assertions.Expect(body).ToContainTextAsync("neolight.trader.orders", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "metrics.png"), FullPage = true });
    }
}
