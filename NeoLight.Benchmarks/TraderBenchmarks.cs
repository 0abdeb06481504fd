using BenchmarkDotNet.Attributes;
using NeoLight.Agents;
using NeoLight.Agents.Backtest;
using NeoLight.Agents.Journal;
using NeoLight.Agents.Market;
using NeoLight.Agents.Trading;
using NeoLight.Risk;

namespace NeoLight.Benchmarks;

/// <summary>
/// Issue 21's figures: what journaling one trading step costs (one durable SQLite transaction: WAL, synchronous=FULL, so one
/// fsync per step), a restart that rebuilds the trader from a journal of 10⁵ events (newest snapshot + tail), and a backtest of
/// 5 symbols × 3 agents with the risk checks in-process.
/// </summary>
[MemoryDiagnoser]
public class TraderBenchmarks
{
    private readonly AgentOptions _options = new();
    private string _folder = "";
    private TraderJournal _journal = null!;
    private TraderJournal _snapshotting = null!;
    private TradingEngine _engine = null!;
    private StepRecord[] _steps = [];
    private int _next;
    private string _restorePath = "";
    private long _restoreEvents;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("neolight-bench-").FullName;
        // Real steps (ticks, orders, verdicts) recorded once, then journaled over and over.
        var market = new MarketSimulator(42, MarketSimulator.DefaultStart, _options.MarketStep);
        var vetter = new RiskCheckVetter(new RiskLimits());
        _engine = TradingEngine.Create(market.Symbols, _options);
        _steps = new StepRecord[2_000];
        for (var i = 0; i < _steps.Length; i++)
        {
            var tick = market.Next();
            vetter.Observe(tick);
            _steps[i] = _engine.StepAsync(tick, null, vetter, CancellationToken.None).GetAwaiter().GetResult();
        }
        // No snapshot is due in the step benchmark (its engine stays at one step count); the snapshot one takes one each time.
        _journal = new TraderJournal(new SqliteJournalStore(Path.Combine(_folder, "commit.db")), int.MaxValue, TimeProvider.System);
        _journal.Restore(TradingEngine.Create(market.Symbols, _options));
        _snapshotting = new TraderJournal(new SqliteJournalStore(Path.Combine(_folder, "snapshot.db")), 1, TimeProvider.System);
        _snapshotting.Restore(TradingEngine.Create(market.Symbols, _options));

        // A journal of at least 10⁵ events with the trader's default snapshots (every 500 steps).
        _restorePath = Path.Combine(_folder, "restore.db");
        using var big = new TraderJournal(new SqliteJournalStore(_restorePath), 500, TimeProvider.System);
        var writer = TradingEngine.Create(market.Symbols, _options);
        big.Restore(writer);
        var feed = new MarketSimulator(42, MarketSimulator.DefaultStart, _options.MarketStep);
        var checks = new RiskCheckVetter(new RiskLimits());
        while (big.LastSeq < 100_000)
        {
            var tick = feed.Next();
            checks.Observe(tick);
            big.Commit(writer.StepAsync(tick, null, checks, CancellationToken.None).GetAwaiter().GetResult(), writer);
        }
        _restoreEvents = big.LastSeq;
        Console.WriteLine($"// restore journal: {_restoreEvents} events, {writer.Ticks} steps");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _journal.Dispose();
        _snapshotting.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>One step journaled durably (its events in one transaction), as the live loop does after every step.</summary>
    [Benchmark] public void JournalOneStep() => _journal.Commit(_steps[_next++ % _steps.Length], _engine);

    /// <summary>The same with the engine's snapshot in the transaction (the trader takes one every 500 steps).</summary>
    [Benchmark] public void JournalOneStepWithSnapshot() => _snapshotting.Commit(_steps[_next++ % _steps.Length], _engine);

    /// <summary>A restart: open the journal of 10⁵ events, load the newest snapshot, replay the steps after it.</summary>
    [Benchmark] public long RestoreFrom100kEvents()
    {
        using var journal = new TraderJournal(new SqliteJournalStore(_restorePath), 500, TimeProvider.System);
        var engine = TradingEngine.Create(MarketSimulator.DefaultSymbols.Select(s => s.Symbol).ToList(), _options);
        journal.Restore(engine);
        return engine.Ticks;
    }

    /// <summary>10 000 steps of 5 symbols (50 000 bar-steps) through the live core with in-process checks.</summary>
    [Benchmark] public long Backtest10000Steps() =>
        new BacktestRunner(_options, new RiskLimits()).RunAsync(new MarketSimulator(7, MarketSimulator.DefaultStart, _options.MarketStep),
            10_000, null, CancellationToken.None).GetAwaiter().GetResult().Steps;
}
