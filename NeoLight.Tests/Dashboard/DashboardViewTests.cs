using NeoLight.Dashboard.Storage;
using NeoLight.Dashboard.View;

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
