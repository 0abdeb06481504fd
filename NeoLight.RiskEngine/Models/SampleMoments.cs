namespace NeoLight.RiskEngine.Models;

/// <summary>
/// Mean, sample standard deviation (divisor n-1), and the biased skewness and excess kurtosis
/// (scipy.stats.skew / kurtosis defaults) of a series, in two passes with no allocation.
/// </summary>
public readonly record struct SampleMoments(int Count, double Mean, double StdDev, double Skewness, double ExcessKurtosis)
{
    public static SampleMoments Of(ReadOnlySpan<double> x)
    {
        var n = x.Length;
        if (n == 0) return default;
        var sum = 0.0;
        foreach (var v in x) sum += v;
        var mean = sum / n;
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (var v in x)
        {
            var d = v - mean;
            var d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        var sd = n > 1 ? Math.Sqrt(m2 / (n - 1)) : 0.0;
        m2 /= n;
        m3 /= n;
        m4 /= n;
        // A constant series has no shape: report a normal one rather than 0/0.
        var skew = m2 > 0 ? m3 / Math.Pow(m2, 1.5) : 0.0;
        var kurt = m2 > 0 ? m4 / (m2 * m2) - 3.0 : 0.0;
        return new SampleMoments(n, mean, sd, skew, kurt);
    }
}
