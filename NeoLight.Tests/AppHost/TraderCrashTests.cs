using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using NeoLight.AppHost.Extensions;
using NeoLight.Tests.Infrastructure;
using static NeoLight.Tests.AppHost.TradingLedger;

namespace NeoLight.Tests.AppHost;

/// <summary>Crash-only trading through the AppHost: kill -9 of the trader or of the dashboard, and a reset.</summary>
[Trait(TestCategories.Name, TestCategories.System)]
[Collection(WholeSystem.Name)]
public class TraderCrashTests(NeoLightSystem system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private string JournalPath => Path.Combine(system.StateDirectory, "trader_journal.db");

    private async Task<int> KillAndWaitForRestartAsync(string resource)
    {
        var pid = await system.PidAsync(resource);
        using (var process = Process.GetProcessById(pid)) process.Kill(); // SIGKILL: no shutdown code runs
        using var timeout = new CancellationTokenSource(Patience);
        var back = await system.App.ResourceNotifications.WaitForResourceAsync(resource, e =>
            e.Snapshot.ProcessId() is { } now && now != pid && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks
                .HealthStatus.Healthy, timeout.Token);
        return back.Snapshot.ProcessId()!.Value;
    }

    [Fact]
    public async Task A_killed_trader_comes_back_with_its_books_and_market_and_every_decision_is_stored_once()
    {
        using var trader = system.App.CreateHttpClient("trader");
        using var dashboard = system.App.CreateHttpClient("dashboard");
        var before = await PollAsync(trader, "/agent/status", s => s.GetProperty("decisions").GetInt64() >= 20, Patience);
        var session = before.GetProperty("session").GetString()!;

        await KillAndWaitForRestartAsync("trader");

        // It rebuilt the books from the journal: the same session, where it was (or later: it had journaled more steps).
        var after = await StatusAsync(trader);
        var restored = after.GetProperty("restored");
        Assert.Equal(session, restored.GetProperty("session").GetString());
        var step = restored.GetProperty("step").GetInt64();
        Assert.True(step >= before.GetProperty("step").GetInt64(), $"restored at {restored}, before the kill {before}");
        Assert.True(restored.GetProperty("ticks").GetInt64() >= before.GetProperty("ticks").GetInt64());
        Assert.True(restored.GetProperty("decisions").GetInt64() >= before.GetProperty("decisions").GetInt64());
        Assert.True(restored.GetProperty("market_time").GetDateTimeOffset() >= before.GetProperty("market_time").GetDateTimeOffset());

        // …and exactly as the journal says at that step: replayed independently here, the same books and counters.
        var replayed = ReplayUpTo(JournalPath, session, step);
        Assert.Equal(replayed.Desk.Equity, restored.GetProperty("equity").GetDouble());
        Assert.Equal(replayed.Ticks, restored.GetProperty("ticks").GetInt64());
        Assert.Equal(replayed.Decisions, restored.GetProperty("decisions").GetInt64());
        Assert.Equal(replayed.LastTick!.Time, restored.GetProperty("market_time").GetDateTimeOffset());

        // Then the market moves on from there, and the price collar refuses no more than before the crash.
        var later = await PollAsync(trader, "/agent/status", s => s.GetProperty("step").GetInt64() >= step + 20, Patience);
        Assert.True(later.GetProperty("market_time").GetDateTimeOffset() > restored.GetProperty("market_time").GetDateTimeOffset());
        var (ordersBefore, collarBefore) = Orders(JournalPath, session, s => s <= step);
        var (ordersAfter, collarAfter) = Orders(JournalPath, session, s => s > step);
        Assert.True(collarAfter <= Math.Max(1, ordersAfter * (collarBefore + 1.0) / Math.Max(1, ordersBefore)),
            $"price collar: {collarAfter} of {ordersAfter} after the restart, {collarBefore} of {ordersBefore} before");

        await AssertExactlyOnceAsync(dashboard, session, later.GetProperty("decisions").GetInt64(), Patience);
    }

    [Fact]
    public async Task A_killed_dashboard_loses_no_decision_and_stores_none_twice()
    {
        using var trader = system.App.CreateHttpClient("trader");
        var before = await PollAsync(trader, "/agent/status", s => s.GetProperty("decisions").GetInt64() >= 5, Patience);
        var session = before.GetProperty("session").GetString()!;

        await KillAndWaitForRestartAsync("dashboard");

        using var dashboard = system.App.CreateHttpClient("dashboard");
        var now = await PollAsync(trader, "/agent/status",
            s => s.GetProperty("decisions").GetInt64() > before.GetProperty("decisions").GetInt64() + 5, Patience);
        await AssertExactlyOnceAsync(dashboard, session, now.GetProperty("decisions").GetInt64(), Patience);
    }

    [Fact]
    public async Task Reset_paper_trading_starts_a_clean_session_in_all_three_services()
    {
        using var trader = system.App.CreateHttpClient("trader");
        using var dashboard = system.App.CreateHttpClient("dashboard");
        using var risk = system.App.CreateHttpClient("risk-engine");
        var before = await PollAsync(trader, "/agent/status", s => s.GetProperty("decisions").GetInt64() >= 5, Patience);

        var reset = await system.App.ResourceCommands.ExecuteCommandAsync("trader", ResetCommandExtensions.ResetCommand);
        Assert.True(reset.Success, reset.Message);

        var fresh = await StatusAsync(trader);
        var session = fresh.GetProperty("session").GetString()!;
        Assert.NotEqual(before.GetProperty("session").GetString(), session);
        Assert.Contains(session, reset.Message);
        Assert.True(fresh.GetProperty("ticks").GetInt64() < 5, fresh.ToString());
        // The market carries on: no step, no market time goes back.
        Assert.True(fresh.GetProperty("step").GetInt64() >= before.GetProperty("step").GetInt64());
        Assert.True(fresh.GetProperty("market_time").GetDateTimeOffset() >= before.GetProperty("market_time").GetDateTimeOffset());
        Assert.Equal(0, fresh.GetProperty("restored").GetProperty("ticks").GetInt64());
        Assert.Equal(100_000, fresh.GetProperty("restored").GetProperty("equity").GetDouble(), 6);

        // The dashboard marks the session; the risk engine's drawdown of the book starts again from the fresh books.
        await PollAsync(dashboard, "/meta/session", s => s.GetProperty("session").GetString() == session, Patience);
        // (Fresh books do not gain 5 % in seconds: a peak above that would be the old session's.)
        await PollAsync(risk, "/risk/state", s => s.GetProperty("book").GetString() == "paper"
            && s.GetProperty("peak_value").GetDouble() is > 0 and <= 105_000, Patience);
        var traded = await PollAsync(trader, "/agent/status", s => s.GetProperty("decisions").GetInt64() >= 3, Patience);
        await AssertExactlyOnceAsync(dashboard, session, traded.GetProperty("decisions").GetInt64(), Patience);
    }
}
