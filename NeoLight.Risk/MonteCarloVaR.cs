using System.Buffers;
using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace NeoLight.Risk;

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

        // Paths are simulated a block at a time, one symbol's draws for the whole block per pass, so every
        // step (Box–Muller's log, sqrt, sin/cos, then P&L += loading × draw) runs as SIMD over the block.
        var rng = new GaussianSampler(seed);
        const int block = 4096, half = block / 2;
        var scratch = ArrayPool<double>.Shared.Rent(block * 3);
        try
        {
            var radius = scratch.AsSpan(0, half);
            var angle = scratch.AsSpan(half, half);
            var sin = scratch.AsSpan(block, half);
            var cos = scratch.AsSpan(block + half, half);
            var draws = scratch.AsSpan(2 * block, block);
            for (var start = 0; start < losses.Length; start += block)
            {
                var n = Math.Min(block, losses.Length - start);
                var pnl = losses.Slice(start, n);
                pnl.Fill(drift);
                for (var k = 0; k < loading.Length; k++)
                {
                    for (var i = 0; i < half; i++)
                    {
                        radius[i] = rng.NextUnitOpenBelow();
                        angle[i] = rng.NextUnitOpenBelow();
                    }
                    TensorPrimitives.Log(radius, radius);
                    TensorPrimitives.Multiply(radius, -2.0, radius);
                    TensorPrimitives.Sqrt(radius, radius);
                    TensorPrimitives.Multiply(angle, 2 * Math.PI, angle);
                    TensorPrimitives.SinCos(angle, sin, cos);
                    TensorPrimitives.Multiply(radius, cos, draws[..half]);
                    TensorPrimitives.Multiply(radius, sin, draws[half..]);
                    TensorPrimitives.MultiplyAdd(draws[..n], loading[k], pnl, pnl);
                }
                TensorPrimitives.Negate(pnl, pnl);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
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
