using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.Dashboard;

/// <summary>The page's charts and its kill-switch control, in a real headless Chromium.</summary>
[Trait(TestCategories.Name, TestCategories.System)]
public class DashboardChartTests
{
    /// <summary>A snapshot taken <paramref name="ago"/> before now, with the risk engine's figures and rejections by check.</summary>
    private static string Snapshot(TimeSpan ago, double var99, double exposure, int exposureRejections) => $$$"""
        {"timestamp":"{{{(DateTimeOffset.UtcNow - ago).UtcDateTime:O}}}","per_agent":{"momentum":{"revenue_total":{{{var99 / 10}}}}},
         "risk":{"var_95":{{{var99 * 0.7}}},"var_99":{{{var99}}},"cvar":{{{var99 * 1.2}}},"total_exposure":{{{exposure}}},
                 "net_exposure":{{{exposure / 2}}},"drawdown":0.5,"halted":false},
         "rejections_by_check":{"max_exposure":{{{exposureRejections}}},"var_99":2}}
        """;

    [BrowserFact]
    public async Task VaR_and_exposure_charts_answer_hover_with_values_and_the_range_buttons_narrow_the_time_axis()
    {
        using var folderFolder = new TemporaryFolder();
        var folder = folderFolder.Path;
        {
            await using var dashboard = await BuiltService.StartAsync("NeoLight.Dashboard",
                DashboardEnvironment.For(folder, "http://127.0.0.1:9"));
            using var client = dashboard.CreateClient();
            (TimeSpan Ago, double VaR99, double Exposure)[] points =
                [(TimeSpan.FromHours(3), 1000, 0.2), (TimeSpan.FromHours(2), 2000, 0.3), (TimeSpan.FromMinutes(30), 3000, 0.4),
                 (TimeSpan.FromMinutes(1), 4321, 0.55)];
            for (var i = 0; i < points.Length; i++)
                (await client.PostAsync("/meta/metrics", new StringContent(Snapshot(points[i].Ago, points[i].VaR99, points[i].Exposure,
                    i + 1),
                    Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

            await using var chromium = await HeadlessChromium.OpenAsync();
            var page = chromium.Page;
            await page.GotoAsync(dashboard.BaseAddress.ToString());
            var varPlot = page.Locator("#var-chart-plot.js-plotly-plot");
            await Assertions.Expect(varPlot).ToBeVisibleAsync(new() { Timeout = 20_000 });

            // All four snapshots are drawn: the axis spans the three hours.
            Assert.InRange(await VisibleHoursAsync(page, "var-chart-plot"), 2.9, 3.5);

            // Hovering at the right edge shows the newest figures: VaR 99 of 4,321 (and VaR 95, CVaR beside it).
            var area = (await page.Locator("#var-chart-plot .nsewdrag").First.BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(area.X + area.Width - 2, area.Y + area.Height / 2);
            var hover = page.Locator("#var-chart-plot .hoverlayer");
            await Assertions.Expect(hover).ToContainTextAsync("4,321");
            await Assertions.Expect(hover).ToContainTextAsync("VaR 99 %");

            // "last hour" narrows the axis to the last hour: the older snapshots leave the view.
            await page.Locator("#var-chart-plot .rangeselector .button").Filter(new() { HasText = "last hour" }).ClickAsync();
            await Assertions.Expect(page.Locator("#var-chart-plot")).ToHaveJSPropertyAsync("layout.xaxis.autorange", false);
            Assert.InRange(await VisibleHoursAsync(page, "var-chart-plot"), 0.99, 1.01);
            await page.Locator("#var-chart-plot .rangeselector .button").Filter(new() { HasText = "all" }).ClickAsync();
            Assert.InRange(await VisibleHoursAsync(page, "var-chart-plot"), 2.9, 3.5);

            // Exposure is drawn as a fraction; rejections show which limit bites (the newest snapshot's counts).
            var exposure = page.Locator("#exposure-chart-plot");
            var box = (await exposure.Locator(".nsewdrag").First.BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(box.X + box.Width - 2, box.Y + box.Height / 2);
            await Assertions.Expect(exposure.Locator(".hoverlayer")).ToContainTextAsync("55.0%");
            var rejections = page.Locator("#rejections-chart-plot");
            await Assertions.Expect(rejections).ToContainTextAsync("max_exposure");
            var bars = await page.EvaluateAsync<JsonElement>("() => document.getElementById('rejections-chart-plot').data[0].y");
            Assert.Equal([4, 2], bars.EnumerateArray().Select(b => b.GetInt32()));
            await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "neolight-dashboard-charts.png"), FullPage = true });
        }
    }

    /// <summary>The width of a chart's visible time axis, in hours, as Plotly holds it.</summary>
    private static async Task<double> VisibleHoursAsync(IPage page, string plotId)
    {
        var range = await page.EvaluateAsync<string[]>($"() => document.getElementById('{plotId}')._fullLayout.xaxis.range");
        static DateTime At(string plotly) => DateTime.Parse(plotly.Replace(' ', 'T'), System.Globalization.CultureInfo.InvariantCulture);
        return (At(range[1]) - At(range[0])).TotalHours;
    }

    [BrowserFact]
    public async Task Halt_and_resume_go_through_a_confirmation_to_the_risk_engine_with_the_api_key()
    {
        using var temporary = new TemporaryFolder();
        var folder = temporary.Path;
        const string key = "dashboard-test-key-0123456789";
        {
            await using var risk = await BuiltService.StartAsync("NeoLight.RiskEngine", new Dictionary<string, string>
            {
                ["RISK_STATE_PATH"] = Path.Combine(folder, "risk_state.json"),
                ["NEOLIGHT_API_KEY"] = key,
            });
            await using var dashboard = await BuiltService.StartAsync("NeoLight.Dashboard",
                DashboardEnvironment.For(folder, risk.BaseAddress.ToString().TrimEnd('/'), key));
            using var riskClient = risk.CreateClient();
            // Without the key the risk engine refuses: what the page does below is the dashboard sending it.
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await riskClient.PostAsync("/risk/kill-switch",
                new StringContent("""{"halted":true}""", Encoding.UTF8, "application/json"))).StatusCode);

            await using var chromium = await HeadlessChromium.OpenAsync();
            var page = chromium.Page;
            await page.GotoAsync(dashboard.BaseAddress.ToString());
            await Assertions.Expect(page.GetByTestId("risk-status")).ToContainTextAsync("ok", new() { Timeout = 15_000 });

            // Asking is not doing: cancel leaves trading on. (The buttons work once the page's live connection is up.)
            await Assertions.Expect(page.GetByTestId("kill-switch-halt")).ToBeEnabledAsync(new() { Timeout = 15_000 });
            await page.GetByTestId("kill-switch-halt").ClickAsync();
            await Assertions.Expect(page.GetByTestId("kill-switch-confirm")).ToContainTextAsync("Halt trading?");
            await page.GetByTestId("kill-switch-cancel").ClickAsync();
            await Assertions.Expect(page.GetByTestId("kill-switch-confirm")).ToHaveCountAsync(0);
            Assert.False((await StateAsync(riskClient)).GetProperty("halted").GetBoolean());

            await page.GetByTestId("kill-switch-halt").ClickAsync();
            await page.GetByTestId("kill-switch-reason").FillAsync("browser test halt");
            await page.GetByTestId("kill-switch-yes").ClickAsync();
            await Assertions.Expect(page.GetByTestId("kill-switch-result")).ToContainTextAsync("Trading halted");
            var halted = await StateAsync(riskClient);
            Assert.True(halted.GetProperty("halted").GetBoolean());
            Assert.Equal("browser test halt", halted.GetProperty("halt_reason").GetString());
            await Assertions.Expect(page.GetByTestId("risk")).ToContainTextAsync("HALTED: browser test halt");
            await Assertions.Expect(page.GetByTestId("risk")).ToContainTextAsync("VaR 99 %");
            await Assertions.Expect(page.GetByTestId("risk")).Not.ToContainTextAsync("[object");
            // And the engine now refuses orders.
            var order = await riskClient.PostAsync("/risk/validate", new StringContent(
                """{"symbol":"BTC-USD","side":"buy","quantity":0.01,"price":100000,"portfolio_value":100000}""", Encoding.UTF8,
                    "application/json"));
            Assert.False((await order.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("approved").GetBoolean());

            await Assertions.Expect(page.GetByTestId("kill-switch-resume")).ToBeEnabledAsync();
            await page.GetByTestId("kill-switch-resume").ClickAsync();
            await page.GetByTestId("kill-switch-yes").ClickAsync();
            await Assertions.Expect(page.GetByTestId("kill-switch-result")).ToContainTextAsync("Trading resumed");
            Assert.False((await StateAsync(riskClient)).GetProperty("halted").GetBoolean());
            await Assertions.Expect(page.GetByTestId("kill-switch-halt")).ToBeVisibleAsync();
        }
    }

    private static async Task<JsonElement> StateAsync(HttpClient risk) => await risk.GetFromJsonAsync<JsonElement>("/risk/state");
}
