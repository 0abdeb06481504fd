using System.Text;
using Microsoft.Playwright;
using NeoLight.Contracts;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.Dashboard;

/// <summary>The page in a real headless Chromium: it loads, says what is missing, and updates live when data arrives.</summary>
[Trait(TestCategories.Name, TestCategories.System)]
public class DashboardPageTests
{
    [BrowserFact]
    public async Task The_page_shows_a_posted_snapshot_live_without_reload()
    {
        using var folder = new TemporaryFolder();
        {
            var environment = DashboardEnvironment.For(folder.Path, riskEngine: "http://127.0.0.1:9");
            await using var dashboard = await BuiltService.StartAsync("NeoLight.Dashboard", environment);
            await using var chromium = await HeadlessChromium.OpenAsync(1366, 900);
            var page = chromium.Page;
            await page.GotoAsync(dashboard.BaseAddress.ToString());

            // With no data the page says what is missing and why; the risk engine is down and it says so.
            await Assertions.Expect(page.GetByTestId("agents-empty")).ToContainTextAsync("No agent metrics yet");
            await Assertions.Expect(page.GetByTestId("risk-status")).ToContainTextAsync("unreachable", new() { Timeout = 15_000 });
            await Assertions.Expect(page.GetByTestId("risk-down")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("connection")).ToHaveTextAsync("live"); // its event stream is open

            using var client = dashboard.CreateClient();
            var posted = await client.PostAsync("/meta/metrics", new StringContent(
                SeedRequests.MetricsSnapshot.Replace("momentum", "breakout_agent"), Encoding.UTF8, "application/json"));
            posted.EnsureSuccessStatusCode();
            (await client.PostAsync("/meta/regime", new StringContent("""{"regime":"BEAR","risk_multiplier":0.6}""", Encoding.UTF8,
                "application/json")))
                .EnsureSuccessStatusCode();

            // No reload: the page's event stream brings the new figures.
            var agents = page.GetByTestId("agents");
            await Assertions.Expect(agents).ToContainTextAsync("breakout_agent", new() { Timeout = 15_000 });
            await Assertions.Expect(agents).ToContainTextAsync("120.50");
            await Assertions.Expect(page.GetByTestId("regime")).ToContainTextAsync("BEAR");
            await Assertions.Expect(page.GetByTestId("guardian")).ToContainTextAsync("trading");
            await Assertions.Expect(page.GetByTestId("agents-empty")).ToHaveCountAsync(0);
            var guardian = page.Locator("#guardian-panel dl");
            await Assertions.Expect(guardian).ToContainTextAsync("Normal operation");
            await Assertions.Expect(guardian).ToContainTextAsync("1 %"); // the guardian's drawdown of 0.01
            await Assertions.Expect(guardian).ToContainTextAsync("0.6"); // the regime's risk multiplier
            await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("[object");

            // kill -9 of the dashboard: the open page says it is reconnecting, and after a second start on the same store
            // (same port) it is live again by itself, showing what was stored.
            dashboard.KillHard();
            await Assertions.Expect(page.GetByTestId("connection")).ToHaveTextAsync("reconnecting…", new() { Timeout = 15_000 });
            await using var again = await BuiltService.StartAsync("NeoLight.Dashboard", environment, dashboard.Port);
            await Assertions.Expect(page.GetByTestId("connection")).ToHaveTextAsync("live", new() { Timeout = 20_000 });
            await Assertions.Expect(agents).ToContainTextAsync("breakout_agent");
            await Assertions.Expect(page.GetByTestId("regime")).ToContainTextAsync("BEAR");
        }
    }
}
