namespace NeoLight.Risk;

/// <summary>
/// Drawdown in percent: (peak - last) / peak · 100, and the largest such value along a curve.
/// Tracked incrementally so the engine's own history of portfolio values need not be stored whole.
/// </summary>
public struct DrawdownTracker
{
    public double Peak { get; private set; }
    public double Last { get; private set; }
    public double MaxDrawdownPct { get; private set; }
    public long Count { get; private set; }

    public DrawdownTracker(double peak, double last, double maxDrawdownPct, long count)
    {
        Peak = peak;
        Last = last;
        MaxDrawdownPct = maxDrawdownPct;
        Count = count;
    }

    public readonly double DrawdownPct => Peak > 0 ? Math.Max(0, (Peak - Last) / Peak * 100.0) : 0.0;

    public void Add(double value)
    {
        Count++;
        Last = value;
        if (value > Peak) Peak = value;
        var dd = DrawdownPct;
        if (dd > MaxDrawdownPct) MaxDrawdownPct = dd;
    }

    public static DrawdownTracker Of(ReadOnlySpan<double> curve)
    {
        var tracker = new DrawdownTracker();
        foreach (var v in curve) tracker.Add(v);
        return tracker;
    }
}
