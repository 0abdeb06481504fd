using NeoLight.Agents;
using NeoLight.Agents.Backtest;
using NeoLight.Agents.Journal;
using NeoLight.Agents.Market;
using NeoLight.Agents.Trading;
using NeoLight.Risk;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.Agents;

/// <summary>The trader's journal: replay determinism, snapshots, the market carried on across a restart, sessions, decision ids.</summary>
public sealed class TraderJournalTests : IDisposable
{
    private static readonly AgentOptions Options = new();
    private static readonly Dictionary<string, double> Tilted = new() { ["momentum"] = 0.5, ["mean_reversion"] = 0.3, ["breakout"] = 0.2 };
    private readonly TemporaryFolder _folder = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private TraderJournal Journal(string name, int snapshotEvery = 1_000_000) =>
        new(new SqliteJournalStore(_folder.File(name)), snapshotEvery, TimeProvider.System);

    private static MarketSimulator Market(int seed = 42) => new(seed, MarketSimulator.DefaultStart, Options.MarketStep);

    /// <summary>Live steps with the risk checks in-process (tight limits, so that orders are both filled and refused), each
    /// journaled; allocations change every 7 steps, as the governor's would.</summary>
    private static async Task TradeAsync(TraderJournal journal, TradingEngine engine, IMarketFeed feed, RiskCheckVetter vetter, int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            var tick = feed.Next()!;
            vetter.Observe(tick);
            var record = await engine.StepAsync(tick, tick.Step % 7 == 0 ? Tilted : null, vetter, CancellationToken.None);
            journal.Commit(record, engine);
        }
    }

    private static RiskCheckVetter Vetter() => new(new RiskLimits { MaxConcentration = 0.06, MaxVaR99 = 0.02 });

    private static string StateOf(TradingEngine engine) => JournalCodec.Snapshot(engine.Capture());

    private static TradingEngine Restored(TraderJournal journal, out RestoreResult result)
    {
        var engine = TradingEngine.Create(Market().Symbols, Options);
        result = journal.Restore(engine);
        return engine;
    }

    [Fact]
    public async Task Replaying_the_journal_rebuilds_the_same_trader_bit_for_bit()
    {
        TradingEngine live;
        using (var journal = Journal("j.db"))
        {
            live = Restored(journal, out _);
            await TradeAsync(journal, live, Market(), Vetter(), 600);
        }
        Assert.True(live.Approved > 50, $"{live.Approved} fills");
        Assert.True(live.Rejected > 10, $"{live.Rejected} rejections");
        Assert.Equal(600, live.Ticks);

        using var reopened = Journal("j.db");
        var rebuilt = Restored(reopened, out var result);
        Assert.False(result.FromSnapshot);
        Assert.Equal(600, result.Replayed);
        Assert.Equal(StateOf(live), StateOf(rebuilt));
        Assert.Equal(live.Desk.Equity, rebuilt.Desk.Equity); // the same bits, not just close
        Assert.Equal(live.Approved + live.Rejected, rebuilt.Decisions);
    }

    [Fact]
    public async Task A_snapshot_and_its_tail_rebuild_what_a_full_replay_does()
    {
        TradingEngine withSnapshots, without;
        using (var a = Journal("snapshots.db", snapshotEvery: 50))
        {
            withSnapshots = Restored(a, out _);
            await TradeAsync(a, withSnapshots, Market(), Vetter(), 230);
        }
        using (var b = Journal("full.db"))
        {
            without = Restored(b, out _);
            await TradeAsync(b, without, Market(), Vetter(), 230);
        }
        Assert.Equal(StateOf(withSnapshots), StateOf(without)); // the same inputs trade the same way

        using var fromSnapshot = Journal("snapshots.db", snapshotEvery: 50);
        var tail = Restored(fromSnapshot, out var tailResult);
        using var fromStart = Journal("full.db");
        var full = Restored(fromStart, out var fullResult);
        Assert.True(tailResult.FromSnapshot);
        Assert.Equal(30, tailResult.Replayed); // the snapshot at step 200, then the 30 steps after it
        Assert.Equal(230, fullResult.Replayed);
        Assert.Equal(StateOf(full), StateOf(tail));
        Assert.Equal(StateOf(without), StateOf(full));
    }

    [Fact]
    public async Task After_a_restart_the_market_carries_on_where_the_journal_left_it()
    {
        using (var journal = Journal("j.db"))
        {
            var engine = Restored(journal, out _);
            await TradeAsync(journal, engine, Market(), Vetter(), 100);
        }
        // A new process: a fresh simulator from the same seed, resumed after the last journaled step.
        using var reopened = Journal("j.db");
        var restored = Restored(reopened, out _);
        var feed = Market();
        feed.ResumeAfter(restored.LastTick);
        var uninterrupted = Market();
        for (var i = 0; i < 100; i++) uninterrupted.Next();
        var last = restored.LastTick!.Time;
        for (var i = 0; i < 50; i++)
        {
            var next = feed.Next();
            var expected = uninterrupted.Next();
            Assert.True(next.Time > last);
            Assert.Equal(expected.Step, next.Step);
            Assert.Equal(expected.Time, next.Time);
            Assert.Equal(expected.Prices, next.Prices);
            Assert.Equal(expected.Phase, next.Phase);
            last = next.Time;
        }
    }

    [Fact]
    public async Task Decisions_are_numbered_from_one_without_gaps_and_carry_a_stable_id()
    {
        using var journal = Journal("j.db");
        var engine = Restored(journal, out _);
        await TradeAsync(journal, engine, Market(), Vetter(), 300);
        var decided = journal.Store.Read(journal.Session, 0, 100_000, [JournalCodec.Fill, JournalCodec.Rejection])
            .Select(JournalCodec.ReadOrder).ToList();
        Assert.Equal(Enumerable.Range(1, decided.Count).Select(n => (long)n), decided.Select(d => d.Decision));
        var dto = ReportOutbox.Decision(decided[4], journal.Session);
        Assert.Equal($"{journal.Session}-5", dto.Id);
        Assert.Equal(5, dto.Sequence);
        Assert.Empty(journal.Store.Read(journal.Session, 0, 100_000, [JournalCodec.Unvetted])); // the checks always answered here
    }

    [Fact]
    public async Task A_reset_starts_fresh_books_on_the_market_as_it_stands()
    {
        using var journal = Journal("j.db");
        var engine = Restored(journal, out _);
        var first = journal.Session;
        var feed = Market();
        await TradeAsync(journal, engine, feed, Vetter(), 120);
        var session = journal.Reset(engine.LastTick, "test");
        Assert.NotEqual(first, session);

        var fresh = Restored(journal, out var result);
        Assert.Equal(session, result.Session);
        Assert.Equal(0, fresh.Ticks);
        Assert.Equal(0, fresh.Decisions);
        Assert.Equal(120, fresh.LastTick!.Step);
        Assert.All(fresh.Desk.Books.Values, b => Assert.Equal(Options.Capital / 3, b.Cash));
        Assert.All(fresh.Desk.Books.Values, b => Assert.Empty(b.Positions));

        // The new session trades on from step 121 (to 130), and a restart of it rebuilds it.
        await TradeAsync(journal, fresh, feed, Vetter(), 10);
        Assert.Equal(130, fresh.LastTick!.Step);
        var again = Restored(journal, out _);
        Assert.Equal(StateOf(fresh), StateOf(again));
        Assert.Equal(JournalCodec.Session, journal.Store.Read(session, 0, 1)[0].Kind);
    }
}
