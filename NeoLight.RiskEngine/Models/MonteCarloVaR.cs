using MathNet.Numerics.LinearAlgebra;

namespace NeoLight.RiskEngine.Models;

/// <summary>
/// Monte Carlo VaR: return vectors r = μ + L z with L the Cholesky factor of the sample covariance and
/// z standard normal; the loss of each path is -vᵀr. Because the book is linear, vᵀr = vᵀμ + (Lᵀv)·z,
/// so each path needs the m draws and one dot product, not the full matrix product. Deterministic
/// for a seed; VaR/CVaR are then read off the simulated losses as in the historical method.
/// </summary>
public static class MonteCarloVaR
{
    public const int DefaultPaths = 100_000;
    public const long DefaultSeed = 42;

    public static void SimulateLosses(ReadOnlySpan<double> values, ReturnMatrix returns, long seed, Span<double> losses)
    {
        var m = values.Length;
        var means = new double[m];
        returns.Means(means);
        var factor = CholeskyFactor(returns.Covariance());

        var drift = 0.0;
        for (var i = 0; i < m; i++) drift += values[i] * means[i];
        var loading = new double[m]; // w = Lᵀv
        for (var k = 0; k < m; k++)
        {
            var acc = 0.0;
            for (var i = k; i < m; i++) acc += values[i] * factor[i, k];
            loading[k] = acc;
        }

        var rng = new GaussianSampler(seed);
        for (var p = 0; p < losses.Length; p++)
        {
            var x = drift;
            for (var k = 0; k < loading.Length; k++) x += loading[k] * rng.NextGaussian();
            losses[p] = -x;
        }
    }

    /// <summary>
    /// Lower Cholesky factor. A sample covariance is only semi-definite when series are collinear or
    /// fewer than the symbols; a diagonal jitter (relative to its scale) then makes it factorable.
    /// </summary>
    public static double[,] CholeskyFactor(double[,] covariance)
    {
        var m = covariance.GetLength(0);
        var matrix = Matrix<double>.Build.DenseOfArray(covariance);
        var scale = 0.0;
        for (var i = 0; i < m; i++) scale = Math.Max(scale, covariance[i, i]);
        if (scale <= 0) return new double[m, m]; // no variance at all: every path is the drift
        var jitter = 0.0;
        for (var attempt = 0; attempt < 12; attempt++)
        {
            try
            {
                var candidate = jitter > 0 ? matrix + Matrix<double>.Build.DenseIdentity(m) * jitter : matrix;
                return candidate.Cholesky().Factor.ToArray();
            }
            catch (ArgumentException)
            {
                jitter = jitter == 0 ? scale * 1e-12 : jitter * 10;
            }
        }
        throw new InvalidOperationException("covariance matrix could not be factored");
    }
}
