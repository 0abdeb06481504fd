using NeoLight.Tests.Infrastructure;
using static NeoLight.Tests.AppHost.TradingLedger;

namespace NeoLight.Tests.AppHost;

/// <summary>Two runs of the AppHost, one after the other, on the same state folder: the second continues the first.</summary>
[Trait(TestCategories.Name, TestCategories.System)]
[Collection(WholeSystem.Name)]
public class TraderContinuationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private static HttpClient Client(AppHostProcess apphost, string service) =>
        new() { BaseAddress = new Uri($"http://127.0.0.1:{apphost.Ports[service]}"), Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task A_second_run_on_the_same_state_folder_continues_the_first()
    {
        using var state = new TemporaryFolder();
        var journal = state.File("trader_journal.db");
        string session;
        long step;
        await using (var first = new AppHostProcess([], state: state.Path))
        {
            await first.WaitAllHealthyAsync(Patience);
            using var trader = Client(first, "trader");
            var status = await PollAsync(trader, "/agent/status", s => s.GetProperty("decisions").GetInt64() >= 10, Patience);
            session = status.GetProperty("session").GetString()!;
            step = status.GetProperty("step").GetInt64();
            Assert.True(await first.StopAsync(TimeSpan.FromSeconds(60)), first.Output);
        }

        await using var second = new AppHostProcess([], state: state.Path);
        await second.WaitAllHealthyAsync(Patience);
        using var trader2 = Client(second, "trader");
        using var dashboard = Client(second, "dashboard");
        var restored = (await StatusAsync(trader2)).GetProperty("restored");
        Assert.Equal(session, restored.GetProperty("session").GetString());
        var resumedAt = restored.GetProperty("step").GetInt64();
        Assert.True(resumedAt >= step, $"resumed at step {resumedAt}, the first run had journaled {step}");
        Assert.Equal(resumedAt, restored.GetProperty("ticks").GetInt64()); // one session: a tick per step, none counted twice

        // The first minute of the second run is like a continuous run's: the risk engine knows this market, so its price
        // collar refuses no more orders than it did before the restart.
        var later = await PollAsync(trader2, "/agent/status", s => s.GetProperty("step").GetInt64() >= resumedAt + 30, Patience);
        var (ordersBefore, collarBefore) = Orders(journal, session, s => s <= resumedAt);
        var (ordersAfter, collarAfter) = Orders(journal, session, s => s > resumedAt);
        Assert.True(ordersAfter > 0, "no order after the restart");
        Assert.True(collarAfter <= Math.Max(1, ordersAfter * (collarBefore + 1.0) / Math.Max(1, ordersBefore)),
            $"price collar: {collarAfter} of {ordersAfter} after the restart, {collarBefore} of {ordersBefore} before");

        // Both runs' decisions in the dashboard, each once.
        await AssertExactlyOnceAsync(dashboard, session, later.GetProperty("decisions").GetInt64(), Patience);
    }
}
