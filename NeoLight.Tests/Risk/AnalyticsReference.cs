using MathNet.Numerics;
using NeoLight.Tests.RiskEngine;

namespace NeoLight.Tests.Risk;

/// <summary>
/// Naive, independent versions of the analytics formulas: likelihoods summed period by period (so 0·ln 0 never arises),
/// χ² tails from erfc and exp rather than the incomplete gamma, the binomial by its terms, drawdown by a double loop.
/// </summary>
internal static class AnalyticsReference
{
    public static bool[] Exceptions(double[] var, double[] pnl) => var.Select((v, t) => pnl[t] < -v).ToArray();

    public static double KupiecLr(bool[] hits, double p)
    {
        var n = hits.Length;
        var observed = hits.Count(h => h) / (double)n;
        double restricted = 0, unrestricted = 0;
        foreach (var hit in hits)
        {
            restricted += hit ? Math.Log(p) : Math.Log(1 - p);
            unrestricted += hit ? Math.Log(observed) : Math.Log(1 - observed);
        }
        return -2 * (restricted - unrestricted);
    }

    public static double ChristoffersenLr(bool[] hits)
    {
        int n00 = 0, n01 = 0, n10 = 0, n11 = 0;
        for (var t = 1; t < hits.Length; t++)
        {
            if (!hits[t - 1]) { if (hits[t]) n01++; else n00++; }
            else { if (hits[t]) n11++; else n10++; }
        }
        var pi = (double)(n01 + n11) / (n00 + n01 + n10 + n11);
        double pi01 = n00 + n01 > 0 ? (double)n01 / (n00 + n01) : 0, pi11 = n10 + n11 > 0 ? (double)n11 / (n10 + n11) : 0;
        double restricted = 0, unrestricted = 0;
        for (var t = 1; t < hits.Length; t++)
        {
            restricted += hits[t] ? Math.Log(pi) : Math.Log(1 - pi);
            var conditional = hits[t - 1] ? pi11 : pi01;
            unrestricted += hits[t] ? Math.Log(conditional) : Math.Log(1 - conditional);
        }
        return -2 * (restricted - unrestricted);
    }

    /// <summary>P(χ²₁ &gt; x) = erfc(√(x/2)); P(χ²₂ &gt; x) = e^(−x/2).</summary>
    public static double ChiSquaredTail(double x, int df) => df == 1 ? SpecialFunctions.Erfc(Math.Sqrt(x / 2)) : Math.Exp(-x / 2);

    public static double BinomialCdf(int n, int x, double p)
    {
        var term = Math.Pow(1 - p, n);
        var sum = term;
        for (var k = 0; k < x; k++)
        {
            term *= (double)(n - k) / (k + 1) * p / (1 - p);
            sum += term;
        }
        return sum;
    }

    public static double[] EwmaWeights(int n, double lambda) =>
        Enumerable.Range(1, n).Select(t => (1 - lambda) * Math.Pow(lambda, n - t) / (1 - Math.Pow(lambda, n))).ToArray();

    public static double EwmaVariance(double[] pnl, double lambda) =>
        EwmaWeights(pnl.Length, lambda).Select((w, t) => w * pnl[t] * pnl[t]).Sum();

    public static double Mean(IEnumerable<double> x) => x.Average();

    public static double Std(double[] x) => Reference.SampleStd(x);

    /// <summary>Deepest (E_i − E_j)/E_i over i &lt; j along 1, (1+r₀), (1+r₀)(1+r₁), …</summary>
    public static double MaxDrawdown(double[] returns)
    {
        var curve = new double[returns.Length + 1];
        curve[0] = 1;
        for (var t = 0; t < returns.Length; t++) curve[t + 1] = curve[t] * (1 + returns[t]);
        var worst = 0.0;
        for (var i = 0; i < curve.Length; i++)
            for (var j = i + 1; j < curve.Length; j++) worst = Math.Max(worst, (curve[i] - curve[j]) / curve[i]);
        return worst;
    }
}
