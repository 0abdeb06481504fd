using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NeoLight.Agents;
using NeoLight.Agents.Journal;
using NeoLight.Agents.Market;
using NeoLight.Agents.Peers;
using NeoLight.Agents.Trading;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.Agents;

/// <summary>The trader's journal store going away: a degraded time (503 status, no trading), never an exit or a lost step.</summary>
public sealed class TraderOutageTests
{
    /// <summary>The real SQLite journal, which fails every call while <see cref="Down"/>, as an unreachable database does.</summary>
    private sealed class FlakyStore(IJournalStore inner) : IJournalStore
    {
        public bool Down { get; set; }
        public string Provider => inner.Provider;
        public string Location => inner.Location;
        private void Check()
        {
            if (Down) throw new SqliteException("the journal's database is unreachable", 10);
        }
        public string? CurrentSession() { Check(); return inner.CurrentSession(); }
        public void StartSession(string session, DateTimeOffset at) { Check(); inner.StartSession(session, at); }
        public (long Seq, string Body)? LatestSnapshot(string session) { Check(); return inner.LatestSnapshot(session); }
        public List<JournalEntry> Read(string session, long after, int limit, IReadOnlyList<string>? kinds = null)
        {
            Check();
            return inner.Read(session, after, limit, kinds);
        }
        public long Append(string session, IReadOnlyList<NewEntry> events, string? snapshot)
        {
            Check();
            return inner.Append(session, events, snapshot);
        }
        public long ReportedThrough(string session) { Check(); return inner.ReportedThrough(session); }
        public void Reported(string session, long through) { Check(); inner.Reported(session, through); }
        public void Dispose() => inner.Dispose();
    }

    [Fact]
    public async Task Without_its_journal_the_trader_waits_and_then_carries_on_without_a_gap()
    {
        using var folder = new TemporaryFolder();
        // Peers on a closed port: every call is refused at once (no order is filled unvetted).
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NEOLIGHT_DASHBOARD_URL"] = "http://127.0.0.1:9", ["NEOLIGHT_RISK_ENGINE_URL"] = "http://127.0.0.1:9",
            ["NEOLIGHT_TRADER_URL"] = "http://127.0.0.1:9",
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddPeers(settings).BuildServiceProvider();
        var store = new FlakyStore(new SqliteJournalStore(folder.File("journal.db"))) { Down = true };
        using var journal = new TraderJournal(store, 500, TimeProvider.System);
        var options = new AgentOptions();
        var trader = new TraderAgent(options, new MarketSimulator(42, MarketSimulator.DefaultStart, options.MarketStep), journal, services,
            NullLogger<TraderAgent>.Instance);
        try
        {
            // It starts without its journal: no status (503), no step.
            await trader.TickAsync(CancellationToken.None);
            Assert.Null(trader.Status());

            store.Down = false;
            await trader.TickAsync(CancellationToken.None);
            await trader.TickAsync(CancellationToken.None);
            Assert.Equal(2, trader.Status()!.Step);

            // A step that cannot be committed is not shown, and memory is not trusted until the journal is read again.
            store.Down = true;
            await trader.TickAsync(CancellationToken.None);
            await trader.TickAsync(CancellationToken.None);
            Assert.Equal(2, trader.Status()!.Step);

            store.Down = false;
            await trader.TickAsync(CancellationToken.None);
            Assert.Equal(3, trader.Status()!.Step); // the step lost with the outage is taken again, not skipped
            var market = new MarketSimulator(42, MarketSimulator.DefaultStart, options.MarketStep);
            var expected = Enumerable.Range(0, 3).Select(_ => market.Next()).ToList();
            var journaled = store.Read(journal.Session, 0, 100, [JournalCodec.Market]).Select(e => e.Step).ToList();
            Assert.Equal([1L, 2, 3], journaled);
            Assert.Equal(expected[^1].Time, trader.Status()!.MarketTime);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }
}
