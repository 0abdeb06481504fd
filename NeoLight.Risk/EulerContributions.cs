namespace NeoLight.Risk;

/// <summary>
/// Parametric Euler decomposition of VaR: marginal_i = z_c (Σv)_i / σ, component_i = v_i · marginal_i,
/// and Σ component_i = z_c σ because Σ v_i (Σv)_i = vᵀΣv = σ².
/// </summary>
public static class EulerContributions
{
    public static void Compute(ReadOnlySpan<double> values, ReadOnlySpan<double> covarianceWithPortfolio, double sigma, double z,
        Span<double> component, Span<double> marginal)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var m = sigma > 0 ? z * covarianceWithPortfolio[i] / sigma : 0.0;
            marginal[i] = m;
            component[i] = values[i] * m;
        }
    }

    /// <summary>
    /// Under the default model (one volatility, correlation 1, shorts counted at their absolute value)
    /// the portfolio σ is vol·Σ|v|, so each position's share is its |v|: component_i = z vol |v_i|.
    /// </summary>
    public static void ComputeDefault(ReadOnlySpan<double> values, double dailyVolatility, double z, Span<double> component,
        Span<double> marginal)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var m = z * dailyVolatility * Math.Sign(values[i]);
            marginal[i] = m;
            component[i] = values[i] * m;
        }
    }
}
