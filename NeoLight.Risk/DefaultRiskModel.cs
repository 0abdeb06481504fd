namespace NeoLight.Risk;

/// <summary>
/// The conservative model used when no return history exists: every position has the same daily
/// volatility σ, all correlations are 1 and the mean is 0, so gross value is what is at risk:
/// VaR = z_c σ Σ|v_i|, CVaR = σ φ(z_c)/(1-c) Σ|v_i|.
/// </summary>
public static class DefaultRiskModel
{
    public static VaRFigures Compute(double grossValue, double dailyVolatility, double confidence)
    {
        var sigma = dailyVolatility * grossValue;
        return new VaRFigures(NormalQuantiles.Z(confidence) * sigma, sigma * NormalQuantiles.TailMultiplier(confidence));
    }
}
