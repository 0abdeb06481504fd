using System.Numerics.Tensors;

namespace NeoLight.Risk;

/// <summary>
/// RiskMetrics EWMA: Σ = Σₜ wₜ rₜ rₜᵀ with wₜ = (1−λ) λ^(n−t) / (1−λⁿ) for t = 1…n (newest t = n), zero mean, so the
/// weights sum to 1 and the newest observation weighs most. The portfolio variance is vᵀΣv = Σₜ wₜ Xₜ² with Xₜ = vᵀrₜ,
/// VaR = z_c σ and CVaR = φ(z_c)/(1−c) σ.
/// </summary>
public static class EwmaVaR
{
    /// <summary>RiskMetrics' decay for daily data.</summary>
    public const double DefaultLambda = 0.94;

    /// <summary>wₜ for t = 0…n−1 (oldest first) into <paramref name="weights"/>.</summary>
    public static void Weights(double lambda, Span<double> weights)
    {
        var n = weights.Length;
        if (n == 0) return;
        // Built from the newest backwards by repeated multiplication: λ^(n−t) never needs Math.Pow per element.
        var w = (1 - lambda) / (1 - Math.Pow(lambda, n));
        for (var t = n - 1; t >= 0; t--)
        {
            weights[t] = w;
            w *= lambda;
        }
    }

    /// <summary>σ² = Σₜ wₜ Xₜ² of a P&amp;L series (oldest first).</summary>
    public static double Variance(ReadOnlySpan<double> pnl, double lambda)
    {
        var n = pnl.Length;
        if (n == 0) return 0;
        var w = (1 - lambda) / (1 - Math.Pow(lambda, n));
        var acc = 0.0;
        for (var t = n - 1; t >= 0; t--)
        {
            acc += w * pnl[t] * pnl[t];
            w *= lambda;
        }
        return acc;
    }

    /// <summary>(Σv)ᵢ = Σₜ wₜ rᵢ,ₜ Xₜ: each symbol's EWMA covariance with the portfolio, for the Euler contributions.</summary>
    public static void CovarianceWithPortfolio(ReturnMatrix returns, ReadOnlySpan<double> pnl, double lambda, Span<double> result)
    {
        var n = returns.Observations;
        var weighted = new double[n];
        Weights(lambda, weighted);
        TensorPrimitives.Multiply(weighted, pnl[..n], weighted);
        for (var i = 0; i < returns.Symbols; i++) result[i] = TensorPrimitives.Dot(returns.Rows[i], weighted);
    }

    public static VaRFigures Compute(double sigma, double confidence) => ParametricVaR.Compute(0, sigma, confidence);
}
