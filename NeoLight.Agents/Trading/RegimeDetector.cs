namespace NeoLight.Agents.Trading;

public sealed record RegimeReading(string Regime, double RiskMultiplier, double Trend, double Volatility);

/// <summary>
/// Classifies the market from an equal-weighted index of its symbols over a window: annualised realised
/// volatility above <c>highVol</c> is HIGH_VOL; otherwise the annualised trend (mean log return) above
/// <c>+trend</c> is BULL, below <c>-trend</c> BEAR, else SIDEWAYS. Each regime carries the share of capital
/// the governor may deploy.
/// </summary>
public sealed class RegimeDetector(int window, double periodsPerYear, double highVol = 0.60, double trend = 0.25)
{
    public static readonly IReadOnlyDictionary<string, double> Multipliers = new Dictionary<string, double>
    {
        ["BULL"] = 1.0, ["SIDEWAYS"] = 0.8, ["BEAR"] = 0.6, ["HIGH_VOL"] = 0.5, ["UNKNOWN"] = 1.0,
    };

    private readonly Queue<double> _returns = new();

    public void Observe(double indexReturn)
    {
        _returns.Enqueue(Math.Log(1 + indexReturn));
        while (_returns.Count > window) _returns.Dequeue();
    }

    /// <summary>The log returns in the window, oldest first (the trader's snapshot).</summary>
    public double[] Capture() => [.. _returns];

    public void Restore(IEnumerable<double> logReturns)
    {
        _returns.Clear();
        foreach (var r in logReturns) _returns.Enqueue(r);
    }

    public RegimeReading Classify() => Classify([.. _returns], periodsPerYear, highVol, trend, window);

    public static RegimeReading Classify(IReadOnlyList<double> logReturns, double periodsPerYear, double highVol, double trend, int window)
    {
        if (logReturns.Count < Math.Max(5, window / 2)) return new RegimeReading("UNKNOWN", Multipliers["UNKNOWN"], 0, 0);
        var mean = logReturns.Average();
        var sd = Math.Sqrt(logReturns.Sum(r => (r - mean) * (r - mean)) / (logReturns.Count - 1));
        var vol = sd * Math.Sqrt(periodsPerYear);
        var annualTrend = mean * periodsPerYear;
        var regime = vol > highVol ? "HIGH_VOL" : annualTrend > trend ? "BULL" : annualTrend < -trend ? "BEAR" : "SIDEWAYS";
        return new RegimeReading(regime, Multipliers[regime], annualTrend, vol);
    }
}
