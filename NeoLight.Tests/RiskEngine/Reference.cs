namespace NeoLight.Tests.RiskEngine;

/// <summary>
/// Independent, deliberately naive implementations of the contract's formulas (LINQ, explicit
/// matrices, textbook constants) that the engine's optimised models are checked against.
/// </summary>
internal static class Reference
{
    public const double Z95 = 1.6448536269514722;
    public const double Z99 = 2.3263478740408408;

    public static double Phi(double z) => Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI);

    public static double[] Pnl(double[] values, double[][] returns) =>
        Enumerable.Range(0, returns[0].Length).Select(t => values.Select((v, i) => v * returns[i][t]).Sum()).ToArray();

    /// <summary>numpy.quantile(x, p) with the default 'linear' method (Hyndman–Fan 7).</summary>
    public static double QuantileType7(IEnumerable<double> sample, double p)
    {
        var x = sample.OrderBy(v => v).ToArray();
        var h = (x.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, x.Length - 1);
        return x[lo] + (h - lo) * (x[hi] - x[lo]);
    }

    public static (double VaR, double CVaR) Historical(double[] pnl, double c)
    {
        var losses = pnl.Select(x => -x).ToArray();
        var var = QuantileType7(losses, c);
        return (var, losses.Where(l => l >= var).Average());
    }

    public static double[,] Covariance(double[][] r)
    {
        int m = r.Length, n = r[0].Length;
        var cov = new double[m, m];
        for (var i = 0; i < m; i++)
            for (var j = 0; j < m; j++)
            {
                double mi = r[i].Average(), mj = r[j].Average();
                cov[i, j] = Enumerable.Range(0, n).Sum(t => (r[i][t] - mi) * (r[j][t] - mj)) / (n - 1);
            }
        return cov;
    }

    public static double Sigma(double[] v, double[][] r)
    {
        var cov = Covariance(r);
        var s = 0.0;
        for (var i = 0; i < v.Length; i++)
            for (var j = 0; j < v.Length; j++) s += v[i] * cov[i, j] * v[j];
        return Math.Sqrt(s);
    }

    public static double[] CovTimesValues(double[] v, double[][] r)
    {
        var cov = Covariance(r);
        return Enumerable.Range(0, v.Length).Select(i => Enumerable.Range(0, v.Length).Sum(j => cov[i, j] * v[j])).ToArray();
    }

    public static (double VaR, double CVaR) Parametric(double[] values, double[][] r, double z, double c)
    {
        var mu = Pnl(values, r).Average();
        var sigma = Sigma(values, r);
        return (-mu + z * sigma, -mu + sigma * Phi(z) / (1 - c));
    }

    /// <summary>scipy.stats.skew and kurtosis (Fisher, biased) of x.</summary>
    public static (double Skew, double Kurt) Shape(double[] x)
    {
        var mean = x.Average();
        var m2 = x.Average(v => Math.Pow(v - mean, 2));
        var m3 = x.Average(v => Math.Pow(v - mean, 3));
        var m4 = x.Average(v => Math.Pow(v - mean, 4));
        return (m3 / Math.Pow(m2, 1.5), m4 / (m2 * m2) - 3);
    }

    public static double SampleStd(double[] x)
    {
        var mean = x.Average();
        return Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
    }

    public static double CornishFisherVaR(double[] pnl, double zLower)
    {
        var (s, k) = Shape(pnl);
        var z = zLower;
        var zcf = z + (z * z - 1) * s / 6 + (z * z * z - 3 * z) * k / 24 - (2 * z * z * z - 5 * z) * s * s / 36;
        return -(pnl.Average() + zcf * SampleStd(pnl));
    }

    /// <summary>Correlated daily returns for tests: a common factor plus noise, fat-tailed when asked.</summary>
    public static double[][] SyntheticReturns(int symbols, int observations, int seed, bool fatTails = false)
    {
        var rng = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var rows = new double[symbols][];
        for (var i = 0; i < symbols; i++) rows[i] = new double[observations];
        for (var t = 0; t < observations; t++)
        {
            var market = Normal() * 0.01;
            if (fatTails && rng.NextDouble() < 0.05) market *= 4;
            for (var i = 0; i < symbols; i++) rows[i][t] = 0.0003 * (i + 1) + market * (1 + 0.3 * i) + Normal() * 0.008 * (1 + 0.5 * i);
        }
        return rows;
    }

    public static void Close(double expected, double actual, double relative = 1e-6)
    {
        var tolerance = Math.Max(Math.Abs(expected) * relative, 1e-9);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:R}, got {actual:R} (tolerance {tolerance:R})");
    }
}
