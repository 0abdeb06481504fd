using System.Numerics;
using System.Numerics.Tensors;

namespace NeoLight.Risk;

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
        var mean = TensorPrimitives.Sum(x) / n;
        // The central moments in SIMD lanes (independent accumulators also break the add latency chain), then the tail.
        Vector<double> m2v = Vector<double>.Zero, m3v = Vector<double>.Zero, m4v = Vector<double>.Zero;
        var meanv = new Vector<double>(mean);
        var i = 0;
        for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
        {
            var d = new Vector<double>(x[i..]) - meanv;
            var d2 = d * d;
            m2v += d2;
            m3v += d2 * d;
            m4v += d2 * d2;
        }
        double m2 = Vector.Sum(m2v), m3 = Vector.Sum(m3v), m4 = Vector.Sum(m4v);
        for (; i < n; i++)
        {
            var d = x[i] - mean;
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
