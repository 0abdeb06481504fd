using System.Text.Json;
using NeoLight.Agents;
using NeoLight.Agents.Journal;
using NeoLight.Agents.Market;
using NeoLight.Agents.Trading;

namespace NeoLight.Tests.AppHost;

/// <summary>What the system tests read back: the trader's status, the dashboard's decisions of a session, the trader's journal.</summary>
internal static class TradingLedger
{
    public static async Task<JsonElement> StatusAsync(HttpClient trader) =>
        JsonDocument.Parse(await trader.GetStringAsync("/agent/status")).RootElement.Clone();

    /// <summary>Polls <paramref name="path"/> until <paramref name="until"/> holds (requests that fail meanwhile are retried).</summary>
    public static async Task<JsonElement> PollAsync(HttpClient client, string path, Func<JsonElement, bool> until, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = JsonDocument.Parse(await client.GetStringAsync(path)).RootElement.Clone();
                if (until(last)) return last;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(300);
        }
        Assert.Fail($"{path} did not reach the expected state within {within.TotalSeconds:0} s; last: {last}");
        return last;
    }

    /// <summary>The sequence numbers of every decision the dashboard holds for <paramref name="session"/>, newest first.</summary>
    public static async Task<List<long>> StoredSequencesAsync(HttpClient dashboard, string session)
    {
        var sequences = new List<long>();
        string? cursor = null;
        do
        {
            var page = JsonDocument.Parse(await dashboard.GetStringAsync("/meta/performance?limit=10000"
                + (cursor is null ? "" : "&cursor=" + cursor))).RootElement;
            foreach (var d in page.GetProperty("decisions").EnumerateArray())
                if (d.TryGetProperty("session", out var s) && s.GetString() == session) sequences.Add(d.GetProperty("sequence").GetInt64());
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);
        return sequences;
    }

    /// <summary>Waits until the dashboard holds the session's decisions 1…<paramref name="atLeast"/> (or more), then asserts each
    /// number is there exactly once and none is missing.</summary>
    public static async Task<int> AssertExactlyOnceAsync(HttpClient dashboard, string session, long atLeast, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        List<long> stored;
        while (true)
        {
            stored = await StoredSequencesAsync(dashboard, session);
            if (stored.Count > 0 && stored.Max() >= atLeast) break;
            Assert.True(DateTime.UtcNow < deadline, $"the dashboard holds {stored.Count} decisions of {session}, expected {atLeast}");
            await Task.Delay(500);
        }
        Assert.Equal(stored.Count, stored.Distinct().Count());                              // nothing twice
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(n => (long)n), stored.Order()); // nothing missing
        return stored.Count;
    }

    /// <summary>The trader rebuilt independently from its journal file, up to and including <paramref name="step"/>.</summary>
    public static TradingEngine ReplayUpTo(string journalPath, string session, long step)
    {
        using var store = new SqliteJournalStore(journalPath);
        var entries = store.Read(session, 0, int.MaxValue).Where(e => e.Step <= step).ToList();
        var engine = TradingEngine.Create(MarketSimulator.DefaultSymbols.Select(s => s.Symbol).ToList(), new AgentOptions());
        TraderJournal.Replay(engine, entries);
        return engine;
    }

    /// <summary>Of the orders journaled after (or up to) a step, how many and how many the price collar refused.</summary>
    public static (int Orders, int Collar) Orders(string journalPath, string session, Func<long, bool> steps)
    {
        using var store = new SqliteJournalStore(journalPath);
        var orders = store.Read(session, 0, int.MaxValue, [JournalCodec.Fill, JournalCodec.Rejection])
            .Where(e => steps(e.Step)).Select(JournalCodec.ReadOrder).ToList();
        return (orders.Count, orders.Count(o => o.Check == "price_collar"));
    }
}
