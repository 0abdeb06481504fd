using NeoLight.Risk;
using NeoLight.Tests.Infrastructure;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NeoLight.RiskEngine.Engine;

namespace NeoLight.Tests.RiskEngine;

public class PriceHistoryStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static PriceHistoryStore Open(TemporaryFolder folder, int window) =>
        new(folder.File("prices.db"), window, NullLogger<PriceHistoryStore>.Instance);

    [Fact]
    public async Task Stored_changes_rebuild_the_same_history_with_only_the_window_kept_and_evicted_symbols_gone()
    {
        using var folder = new TemporaryFolder();
        var history = new PriceHistory(window: 3, maxSymbols: 2);
        using (var store = Open(folder, window: 3))
        {
            double[] btc = [100, 110, 99, 99, 108.9, 120];
            for (var i = 0; i < btc.Length; i++)
            {
                var changes = new List<PriceChange>();
                history.Record("JUNK", 1 + i, T0.AddMinutes(i), changes);
                history.Record("BTC-USD", btc[i], T0.AddMinutes(i), changes);
                await store.AppendAsync(changes);
            }
            var eviction = new List<PriceChange>();
            history.Record("ETH-USD", 10, T0, eviction); // evicts JUNK, the least recently updated
            history.Record("ETH-USD", 11, T0.AddMinutes(1), eviction);
            history.Record("ETH-USD", 12, T0.AddMinutes(2), eviction);
            Assert.Contains(eviction, c => c.Evicted && c.Symbol == "JUNK");
            await store.AppendAsync(eviction);
        }

        using var reopened = Open(folder, window: 3);
        var restored = new PriceHistory(window: 3, maxSymbols: 2);
        restored.Restore(reopened.Load());
        Assert.Equal(history.LastPrice("BTC-USD"), restored.LastPrice("BTC-USD"));
        Assert.Equal(3, restored.ObservationsOf("BTC-USD"));
        Assert.Equal(2, restored.ObservationsOf("ETH-USD"));
        Assert.Null(restored.LastPrice("JUNK"));
        Assert.Equal(history.Aligned(["BTC-USD"], 3)!.Rows[0], restored.Aligned(["BTC-USD"], 3)!.Rows[0]);
        Assert.Equal([99 / 99.0 - 1, 108.9 / 99 - 1, 120 / 108.9 - 1], restored.Aligned(["BTC-USD"], 2)!.Rows[0]);
        // Compaction: only the window's returns are on disk, nothing of the evicted symbol.
        Assert.Equal(3 + 2, Scalar(folder, "SELECT COUNT(*) FROM returns;"));
        Assert.Equal(0, Scalar(folder, "SELECT COUNT(*) FROM returns WHERE symbol = 'JUNK';"));
        // The clock goes on from the stored one: the next new symbol still evicts the least recently updated (BTC-USD).
        restored.Record("SOL-USD", 5, T0);
        Assert.Null(restored.LastPrice("BTC-USD"));
        Assert.Equal(12, restored.LastPrice("ETH-USD"));
    }

    [Fact]
    public async Task Batches_committed_out_of_order_store_the_same_rows()
    {
        using var folder = new TemporaryFolder();
        var history = new PriceHistory(window: 4, maxSymbols: 10);
        var batches = new List<List<PriceChange>>();
        for (var i = 0; i < 8; i++)
        {
            var batch = new List<PriceChange>();
            history.Record("BTC-USD", 100 + i * i, T0.AddMinutes(i), batch);
            batches.Add(batch);
        }
        using (var store = Open(folder, window: 4))
        {
            batches.Reverse(); // as if the requests' commits overtook one another
            await Task.WhenAll(batches.Select(b => store.AppendAsync(b)));
        }
        using var reopened = Open(folder, window: 4);
        var restored = new PriceHistory(window: 4, maxSymbols: 10);
        restored.Restore(reopened.Load());
        Assert.Equal(100 + 49, restored.LastPrice("BTC-USD"));
        Assert.Equal(history.Aligned(["BTC-USD"], 4)!.Rows[0], restored.Aligned(["BTC-USD"], 4)!.Rows[0]);
    }

    [Fact]
    public async Task A_price_is_acknowledged_only_once_stored_and_the_state_file_no_longer_holds_the_history()
    {
        using var engine = new RiskEngineFactory();
        var body = """{"prices":[{"symbol":"BTC-USD","price":100,"timestamp":"2026-01-01T00:00:00Z"},""" +
                   """{"symbol":"BTC-USD","price":101,"timestamp":"2026-01-01T00:01:00Z"}]}""";
        var (response, answer) = await engine.PostAsync("/risk/prices", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, answer.GetProperty("accepted").GetInt32());

        Assert.Equal(1, engine.StoredReturns("BTC-USD"));
        Assert.Equal(101.0, ScalarDouble(engine.PricesPath, "SELECT price FROM series WHERE symbol = 'BTC-USD';"));
        await engine.PostAsync("/risk/kill-switch", """{"halted":false}""");
        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(engine.StatePath));
        Assert.False(state.RootElement.TryGetProperty("prices", out _));
    }

    [Fact]
    public async Task A_state_file_from_before_the_price_store_is_imported_once()
    {
        using var folder = new TemporaryFolder();
        await File.WriteAllTextAsync(folder.File("risk_state.json"), """
            {"version":1,"evaluations":3,"halted":false,"prices":{"ETH-USD":{"last_price":12,"last_timestamp":"2026-01-01T00:02:00Z",
             "returns":[0.1,-0.05,0.0909090909]}}}
            """);
        using (var engine = new RiskEngineFactory(folder.Path))
        {
            var (response, answer) = await engine.PostAsync("/risk/prices",
                """{"prices":[{"symbol":"ETH-USD","price":13.2,"timestamp":"2026-01-01T00:03:00Z"}]}""");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(4, answer.GetProperty("observations").GetProperty("ETH-USD").GetInt32());
        }
        Assert.Equal(4, Scalar(folder.File("risk_prices.db"), "SELECT COUNT(*) FROM returns WHERE symbol = 'ETH-USD';"));
        Assert.Equal(13.2, ScalarDouble(folder.File("risk_prices.db"), "SELECT price FROM series WHERE symbol = 'ETH-USD';"));
    }

    private static long Scalar(TemporaryFolder folder, string sql) => Scalar(folder.File("prices.db"), sql);

    private static long Scalar(string database, string sql) => Convert.ToInt64(SqliteFile.Scalar(database, sql));

    private static double ScalarDouble(string database, string sql) => Convert.ToDouble(SqliteFile.Scalar(database, sql));
}
