using Microsoft.Playwright;
using NeoLight.AppHost;
using NeoLight.Hosting;
using NeoLight.Hosting.Telemetry;
using NeoLight.Hosting.Testing;
using NeoLight.Tests.AppHost;
using NeoLight.Tests.Dashboard;

namespace NeoLight.Tests.Telemetry;

/// <summary>The whole system exporting to the AppHost's receiver, until one trader tick's trace spans all three services.</summary>
public sealed class TracedSystemFixture : IAsyncLifetime
{
    public DistributedApplication App { get; private set; } = null!;
    public TraceSummary Trace { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHostEntryPoint>(configure: o => o.DashboardPort = 18888);
        App = builder.Build();
        await App.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await App.WaitForAllHealthyAsync(timeout.Token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            // A trace is complete once its root (trader.tick, exported last, when the tick ends) has arrived and
            // every other span's parent is there: spans of one trace come in several export batches.
            var found = App.Telemetry.Traces(null, 500).FirstOrDefault(t =>
                new[] { "trader", "risk-engine", "dashboard" }.All(t.Resources.Contains) && IsComplete(App.Telemetry.Trace(t.TraceId)));
            if (found is not null)
            {
                Trace = found;
                return;
            }
            await Task.Delay(500);
        }
        throw new TimeoutException("no trace spanning trader, risk-engine and dashboard within 60 s; traces seen: "
                                   + string.Join("; ", App.Telemetry.Traces(null, 5).Select(t => $"{t.Name} [{string.Join(",", t.Resources)}]")));
    }

    private static bool IsComplete(IReadOnlyList<SpanView> spans) =>
        spans.Any(s => s.Name == "trader.tick" && s.ParentSpanId is null)
        && spans.Any(s => s.Name == "risk.validate")
        && spans.All(s => s.ParentSpanId is null || spans.Any(p => p.SpanId == s.ParentSpanId));

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[Collection(WholeSystem.Name)]
public class DistributedTraceTests(TracedSystemFixture system) : IClassFixture<TracedSystemFixture>
{
    [Fact]
    public async Task One_order_is_one_trace_from_the_trader_through_the_risk_engine_to_the_dashboard()
    {
        var spans = system.App.Telemetry.Trace(system.Trace.TraceId);
        var root = Assert.Single(spans, s => s.ParentSpanId is null || spans.All(p => p.SpanId != s.ParentSpanId));
        Assert.Equal("trader.tick", root.Name);
        Assert.Equal("trader", root.Resource);
        var validate = spans.First(s => s.Name == "risk.validate");
        Assert.Equal("risk-engine", validate.Resource);
        Assert.True(validate.Attributes.ContainsKey("neolight.approved"));
        Assert.Contains(spans, s => s.Name == "trader.order" && s.Resource == "trader");
        Assert.Contains(spans, s => s.Resource == "dashboard" && s.Kind == "Server");
        // Every span but the root hangs under another span of the same trace.
        Assert.All(spans.Where(s => s != root), s => Assert.Contains(spans, p => p.SpanId == s.ParentSpanId));

        // Logs and metrics came too, the services' own instruments among them (metrics are exported every second,
        // an instrument first when it was first used: give them a few exports).
        var telemetry = system.App.Telemetry;
        bool Has(string resource, string instrument) => telemetry.Instruments(resource).Any(i => i.Name == instrument);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !(Has("risk-engine", "neolight.risk.validations") && Has("trader", "neolight.trader.orders")
                                               && Has("dashboard", "http.server.request.duration")))
            await Task.Delay(250);
        Assert.True(Has("risk-engine", "neolight.risk.validations"));
        Assert.True(Has("trader", "neolight.trader.orders"));
        Assert.True(Has("dashboard", "http.server.request.duration"));
        Assert.NotEmpty(telemetry.Logs(null, 0, null, 0, 10));
    }

    [BrowserFact]
    public async Task The_traces_page_lists_that_trace_and_shows_its_waterfall()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        var dashboard = system.App.DashboardUrl!;
        await page.GotoAsync(new Uri(dashboard, "/traces").ToString());
        var row = page.Locator($"tr[data-trace='{system.Trace.TraceId}']");
        await Assertions.Expect(row).ToContainTextAsync("risk-engine", new() { Timeout = 15_000 });
        await Assertions.Expect(row).ToContainTextAsync("trader: trader.tick");

        await page.GotoAsync(new Uri(dashboard, $"/traces?id={system.Trace.TraceId}").ToString());
        var waterfall = page.Locator("#waterfall");
        await Assertions.Expect(waterfall).ToContainTextAsync("risk.validate", new() { Timeout = 15_000 });
        await Assertions.Expect(waterfall).ToContainTextAsync("dashboard");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "neolight-trace.png"), FullPage = true });
    }
}
