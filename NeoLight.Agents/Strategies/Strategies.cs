namespace NeoLight.Agents.Strategies;

/// <summary>
/// A trading rule over one symbol's closes (oldest first): the position it wants, as a fraction of the
/// capital it may put in that symbol, from -1 (fully short) to +1 (fully long). 0 means flat.
/// </summary>
public interface IStrategy
{
    /// <summary>The agent's name on the dashboard.</summary>
    string Agent { get; }
    /// <summary>The rule's name (per_strategy metrics).</summary>
    string Name { get; }
    /// <summary>How many closes the rule needs before it speaks.</summary>
    int Lookback { get; }
    double TargetExposure(ReadOnlySpan<double> closes);
}

/// <summary>Moving-average momentum: long while the fast average is above the slow one, short while below.</summary>
public sealed class MomentumStrategy(int fast = 10, int slow = 40) : IStrategy
{
    public string Agent => "momentum";
    public string Name => "sma_cross";
    public int Lookback => slow;

    public double TargetExposure(ReadOnlySpan<double> closes)
    {
        if (closes.Length < slow) return 0;
        var f = Mean(closes[^fast..]);
        var s = Mean(closes[^slow..]);
        return f > s * 1.001 ? 1 : f < s * 0.999 ? -1 : 0;
    }

    internal static double Mean(ReadOnlySpan<double> x)
    {
        var sum = 0.0;
        foreach (var v in x) sum += v;
        return sum / x.Length;
    }
}

/// <summary>
/// Z-score mean reversion: when the price is more than <c>entry</c> standard deviations below its mean it buys
/// (above: sells), scaled by how far; back inside <c>exit</c> deviations it is flat; in between it holds.
/// (<see cref="double.NaN"/> from any strategy means "keep the current position".)
/// </summary>
public sealed class MeanReversionStrategy(int window = 30, double entry = 1.5, double exit = 0.5) : IStrategy
{
    public string Agent => "mean_reversion";
    public string Name => "zscore_revert";
    public int Lookback => window;

    public double TargetExposure(ReadOnlySpan<double> closes)
    {
        if (closes.Length < window) return 0;
        var z = ZScore(closes[^window..]);
        if (Math.Abs(z) < exit) return 0;              // back near the mean: take profit, be flat
        if (Math.Abs(z) < entry) return double.NaN;    // between the bands: keep what is held
        return -Math.Clamp(z / (2 * entry), -1, 1);
    }

    public static double ZScore(ReadOnlySpan<double> x)
    {
        var mean = MomentumStrategy.Mean(x);
        var ss = 0.0;
        foreach (var v in x) ss += (v - mean) * (v - mean);
        var sd = Math.Sqrt(ss / (x.Length - 1));
        return sd > 0 ? (x[^1] - mean) / sd : 0;
    }
}

/// <summary>Donchian breakout: long on a close above the prior <c>window</c>-high, short below the prior low, else holds no view.</summary>
public sealed class BreakoutStrategy(int window = 20) : IStrategy
{
    public string Agent => "breakout";
    public string Name => "donchian_breakout";
    public int Lookback => window + 1;

    public double TargetExposure(ReadOnlySpan<double> closes)
    {
        if (closes.Length < window + 1) return 0;
        var prior = closes[^(window + 1)..^1];
        double high = double.MinValue, low = double.MaxValue;
        foreach (var p in prior)
        {
            high = Math.Max(high, p);
            low = Math.Min(low, p);
        }
        var last = closes[^1];
        return last > high ? 1 : last < low ? -1 : double.NaN; // NaN: keep the current position
    }
}
