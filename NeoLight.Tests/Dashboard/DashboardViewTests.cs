using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NeoLight.Dashboard;
using NeoLight.Dashboard.Ingestion;
using NeoLight.Tests.Infrastructure;
using NeoLight.Dashboard.Storage;
using NeoLight.Dashboard.Page;

namespace NeoLight.Tests.Dashboard;

public class DashboardViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Chart_series_are_per_agent_oldest_first()
    {
        StoredRecord[] newestFirst =
        [
            new(3, T0.AddSeconds(2), """{"per_agent":{"a":{"revenue_total":30},"b":{"pnl_7d":-5}}}"""),
            new(2, T0.AddSeconds(1), """{"per_agent":{"a":{"revenue_total":20}}}"""),
            new(1, T0, """{"per_agent":{"a":{"revenue_total":10}}}"""),
        ];
        var pnl = DashboardView.PnlSeries(newestFirst);
        Assert.Equal(["a", "b"], pnl.Select(s => s.Name));
        Assert.Equal([10.0, 20, 30], pnl[0].Points.Select(p => p.Value));
        Assert.Equal(T0, pnl[0].Points[0].Time);
        Assert.Equal(-5, Assert.Single(pnl[1].Points).Value);

        var allocations = DashboardView.AllocationSeries([new(1, T0, """{"allocations":{"a":0.4,"b":"x"}}""")]);
        Assert.Equal(0.4, Assert.Single(Assert.Single(allocations).Points).Value);
    }

    [Fact]
    public void Risk_series_follow_the_snapshots_own_time_and_skip_snapshots_without_figures()
    {
        StoredRecord[] newestFirst =
        [
            new(3, T0.AddHours(5), """{"timestamp":"2026-11-24T14:00:00Z","risk":{"var_99":300,"total_exposure":0.3}}"""),
            new(2, T0.AddHours(5), """{"per_agent":{}}"""),
            new(1, T0.AddHours(5), """{"risk":{"var_99":100,"var_95":70}}"""),
        ];
        var series = DashboardView.RiskSeries(newestFirst, ("VaR 99 %", "var_99"), ("VaR 95 %", "var_95"), ("CVaR", "cvar"));
        Assert.Equal(["VaR 99 %", "VaR 95 %"], series.Select(s => s.Name)); // no snapshot had a CVaR
        Assert.Equal([100.0, 300], series[0].Points.Select(p => p.Value));
        Assert.Equal([T0.AddHours(5), new DateTimeOffset(2026, 11, 24, 14, 0, 0, TimeSpan.Zero)], series[0].Points.Select(p => p.Time));
        Assert.Equal(70, Assert.Single(series[1].Points).Value);
    }
}

/// <summary>The charts' points are kept per process and follow the store: new reports appended, a gap or retention re-read.</summary>
public sealed class ChartHistoryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private readonly TemporaryFolder _folder = new();
    private readonly SqliteDashboardStore _store;
    private int _written;

    public ChartHistoryTests() => _store = new SqliteDashboardStore(_folder.File("d.db"));

    private void Write(int count)
    {
        var records = Enumerable.Range(_written + 1, count).Select(i => new NewRecord(RecordKind.Metrics, T0.AddMinutes(i),
            $$$"""{"per_agent":{"a":{"revenue_total":{{{i}}}}},"risk":{"var_99":{{{i * 10}}}}}""")).ToList();
        _store.WriteBatch(records);
        _written += count;
    }

    private static double[] Pnl(ChartHistory history) => [.. history.OldestFirst.Select(p => p.PerAgent["a"])];

    [Fact]
    public void New_reports_are_appended_in_order_and_a_gap_wider_than_a_batch_is_read_again()
    {
        var history = new ChartHistory(RecordKind.Metrics, ChartHistory.ReadMetrics);
        Write(3);
        history.Refresh(_store, _store.Count(RecordKind.Metrics));
        Assert.Equal([1.0, 2, 3], Pnl(history));

        Write(2);
        history.Refresh(_store, _store.Count(RecordKind.Metrics));
        Assert.Equal([1.0, 2, 3, 4, 5], Pnl(history));
        Assert.Equal(50, history.OldestFirst[^1].Figures["var_99"]);

        Write(ChartHistory.Batch + 5); // more than one batch since the last refresh
        history.Refresh(_store, _store.Count(RecordKind.Metrics));
        Assert.Equal(Enumerable.Range(1, _written).Select(i => (double)i), Pnl(history));
    }

    [Fact]
    public void After_retention_the_points_are_what_the_store_still_holds_and_at_most_the_window()
    {
        var history = new ChartHistory(RecordKind.Metrics, ChartHistory.ReadMetrics);
        Write(DashboardView.HistoryPoints + 10);
        history.Refresh(_store, _store.Count(RecordKind.Metrics));
        Assert.Equal(DashboardView.HistoryPoints, history.OldestFirst.Count);
        Assert.Equal(11, history.OldestFirst[0].PerAgent["a"]);

        _store.Prune(T0.AddYears(-1), maxRows: 4);
        history.Refresh(_store, _store.Count(RecordKind.Metrics));
        Assert.Equal(Enumerable.Range(_written - 3, 4).Select(i => (double)i), Pnl(history));
    }

    public void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}

/// <summary>One view per process: rebuilt after a change at most once a second, pages told once, a prerender never stale.</summary>
public sealed class DashboardViewModelTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private readonly TemporaryFolder _folder = new();
    private readonly SqliteDashboardStore _store;
    private readonly LatestState _latest = new();
    private readonly FakeTimeProvider _time = new(T0);
    private readonly DashboardViewModel _model;

    public DashboardViewModelTests()
    {
        _store = new SqliteDashboardStore(_folder.File("d.db"));
        var risk = new RiskEngineMonitor(new NoClients(), new DashboardOptions(), _time, NullLogger<RiskEngineMonitor>.Instance);
        _model = new DashboardViewModel(_latest, _store, risk, _time, NullLogger<DashboardViewModel>.Instance);
    }

    private void Report(string agent)
    {
        var record = new NewRecord(RecordKind.Metrics, _time.GetUtcNow(), "{\"per_agent\":{\"" + agent + "\":{\"pnl_1d\":1}}}");
        _store.WriteBatch([record]);
        _latest.Committed(new Dictionary<RecordKind, (StoredRecord, int)>
        {
            [RecordKind.Metrics] = (_store.Page(RecordKind.Metrics, 1)[0], 1),
        });
    }

    [Fact]
    public void A_change_reaches_every_listening_page_once_a_second_with_one_build()
    {
        Assert.Empty(_model.Current.Agents);
        var told = 0;
        void Page() => told++;
        for (var i = 0; i < 10; i++) _model.Changed += Page;

        Report("momentum");
        Report("breakout");
        Assert.Empty(_model.Current.Agents); // built less than a second ago: the change waits for the tick
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(10, told); // one event, ten pages
        var view = _model.Current;
        Assert.Equal(["breakout"], view.Agents.Select(a => a.Name));
        Assert.Equal(2, view.SnapshotCount);

        _time.Advance(TimeSpan.FromSeconds(5)); // nothing changed: nothing built, nobody told
        Assert.Equal(10, told);
        Assert.Same(view, _model.Current);
    }

    [Fact]
    public void Without_a_live_page_a_rendered_page_gets_a_view_at_most_a_second_old()
    {
        Assert.Empty(_model.Current.Agents);
        Report("momentum");
        _time.Advance(TimeSpan.FromSeconds(1)); // no page listens: the timer builds nothing
        Assert.Equal(["momentum"], _model.Current.Agents.Select(a => a.Name)); // the render does
    }

    [Fact]
    public async Task The_feed_writes_one_document_per_change_and_every_open_page_receives_it()
    {
        var feed = new PageFeed(_model);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var first = feed.Stream(cancel.Token).GetAsyncEnumerator(cancel.Token);
        await using var second = feed.Stream(cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await first.MoveNextAsync());
        Assert.True(await second.MoveNextAsync());
        Assert.Same(first.Current.Data, second.Current.Data); // written once for both
        Assert.Equal(0, JsonDocument.Parse(first.Current.Data).RootElement.GetProperty("snapshot_count").GetInt64());

        var nextOfFirst = first.MoveNextAsync();
        var nextOfSecond = second.MoveNextAsync();
        Report("momentum");
        Assert.False(nextOfFirst.IsCompleted); // nothing is sent before the view is rebuilt, on the next tick
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await nextOfFirst);
        Assert.True(await nextOfSecond);
        Assert.Same(first.Current.Data, second.Current.Data);
        var view = JsonDocument.Parse(first.Current.Data).RootElement;
        Assert.Equal(1, view.GetProperty("snapshot_count").GetInt64());
        Assert.Equal("momentum", view.GetProperty("agents")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void The_feed_admits_a_bounded_number_of_pages_and_takes_more_when_one_closes()
    {
        var feed = new PageFeed(_model);
        for (var i = 0; i < PageFeed.MaxStreams; i++) Assert.True(feed.TryOpen());
        Assert.False(feed.TryOpen());
        Assert.False(feed.TryOpen()); // a refusal does not count
        feed.Close();
        Assert.True(feed.TryOpen());
        Assert.False(feed.TryOpen());
    }

    public void Dispose()
    {
        _model.Dispose();
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private sealed class NoClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
