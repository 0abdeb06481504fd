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
}
