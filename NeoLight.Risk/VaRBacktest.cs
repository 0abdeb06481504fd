using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace NeoLight.Risk;

/// <summary>A likelihood-ratio test: the statistic, P(χ²_df &gt; statistic), and whether it rejects at 5 %.</summary>
public readonly record struct LikelihoodRatio(double Statistic, double PValue, int DegreesOfFreedom)
{
    public const double Significance = 0.05;
    public bool Reject => PValue < Significance;

    public static LikelihoodRatio Of(double statistic, int degreesOfFreedom)
    {
        // The statistic is ≥ 0 in exact arithmetic; rounding can leave −1e-16, which is 0.
        var lr = Math.Max(0, statistic);
        return new(lr, SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, lr / 2), degreesOfFreedom);
    }
}

/// <summary>Transitions of the exception indicator over consecutive periods (n01: no exception, then one).</summary>
public readonly record struct ExceptionTransitions(int N00, int N01, int N10, int N11)
{
    public double Pi01 => N00 + N01 > 0 ? (double)N01 / (N00 + N01) : 0;
    public double Pi11 => N10 + N11 > 0 ? (double)N11 / (N10 + N11) : 0;
    public double Pi => N00 + N01 + N10 + N11 > 0 ? (double)(N01 + N11) / (N00 + N01 + N10 + N11) : 0;
}

/// <summary>Basel zone from P(X ≤ x | n, 1−c); the capital multiplier only for the standard 250 days at 99 %.</summary>
public readonly record struct TrafficLight(string Zone, double CumulativeProbability, double? CapitalMultiplier);

/// <summary>Everything the backtest says about a series of VaR forecasts.</summary>
public sealed record BacktestReport(
    int Observations,
    int Exceptions,
    double ExpectedExceptions,
    double ExceptionRate,
    int[] ExceptionIndices,
    LikelihoodRatio Kupiec,
    LikelihoodRatio Christoffersen,
    ExceptionTransitions Transitions,
    LikelihoodRatio ConditionalCoverage,
    TrafficLight TrafficLight);

/// <summary>
/// Backtests VaR forecasts against realised P&amp;L: an exception is pnl[t] &lt; −var[t]. Kupiec's proportion of failures,
/// Christoffersen's independence and their sum (conditional coverage), and the Basel traffic light. Terms 0·ln 0 are 0.
/// </summary>
public static class VaRBacktest
{
    public const double GreenBelow = 0.95;
    public const double YellowBelow = 0.9999;

    public static BacktestReport Run(ReadOnlySpan<double> var, ReadOnlySpan<double> pnl, double confidence)
    {
        if (var.Length != pnl.Length) throw new ArgumentException("var and pnl must have the same length", nameof(pnl));
        var n = var.Length;
        var p = 1 - confidence;
        var indices = new List<int>();
        int n00 = 0, n01 = 0, n10 = 0, n11 = 0;
        var previous = false;
        for (var t = 0; t < n; t++)
        {
            var exception = pnl[t] < -var[t];
            if (exception) indices.Add(t);
            if (t > 0)
            {
                if (!previous) { if (exception) n01++; else n00++; }
                else { if (exception) n11++; else n10++; }
            }
            previous = exception;
        }

        var x = indices.Count;
        var kupiec = LikelihoodRatio.Of(KupiecStatistic(n, x, p), 1);
        var transitions = new ExceptionTransitions(n00, n01, n10, n11);
        var christoffersen = LikelihoodRatio.Of(ChristoffersenStatistic(transitions), 1);
        var coverage = LikelihoodRatio.Of(kupiec.Statistic + christoffersen.Statistic, 2);
        return new BacktestReport(n, x, n * p, n > 0 ? (double)x / n : 0, [.. indices], kupiec, christoffersen, transitions,
            coverage, Light(n, x, confidence));
    }

    /// <summary>LR = −2 ln[(1−p)^(n−x) pˣ] + 2 ln[(1−x/n)^(n−x) (x/n)ˣ].</summary>
    public static double KupiecStatistic(int n, int x, double p)
    {
        if (n == 0) return 0;
        var observed = (double)x / n;
        return -2 * (XLogY(n - x, 1 - p) + XLogY(x, p)) + 2 * (XLogY(n - x, 1 - observed) + XLogY(x, observed));
    }

    /// <summary>LR = −2 ln[(1−π)^(n00+n10) π^(n01+n11)] + 2 ln[(1−π01)^n00 π01^n01 (1−π11)^n10 π11^n11].</summary>
    public static double ChristoffersenStatistic(in ExceptionTransitions c)
    {
        var restricted = XLogY(c.N00 + c.N10, 1 - c.Pi) + XLogY(c.N01 + c.N11, c.Pi);
        var unrestricted = XLogY(c.N00, 1 - c.Pi01) + XLogY(c.N01, c.Pi01) + XLogY(c.N10, 1 - c.Pi11) + XLogY(c.N11, c.Pi11);
        return -2 * restricted + 2 * unrestricted;
    }

    public static TrafficLight Light(int n, int x, double confidence)
    {
        var cumulative = n == 0 ? 1 : Binomial.CDF(1 - confidence, n, x);
        var zone = cumulative < GreenBelow ? "green" : cumulative < YellowBelow ? "yellow" : "red";
        double? multiplier = n == 250 && confidence == 0.99 ? BaselMultiplier(x) : null;
        return new TrafficLight(zone, cumulative, multiplier);
    }

    /// <summary>The Basel Committee's plus factor table for 250 observations at 99 %.</summary>
    public static double BaselMultiplier(int exceptions) => exceptions switch
    {
        <= 4 => 3.00,
        5 => 3.40,
        6 => 3.50,
        7 => 3.65,
        8 => 3.75,
        9 => 3.85,
        _ => 4.00,
    };

    /// <summary>k ln y with 0 · ln 0 = 0.</summary>
    private static double XLogY(double k, double y) => k == 0 ? 0 : k * Math.Log(y);
}
