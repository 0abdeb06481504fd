namespace NeoLight.Risk;

/// <summary>
/// Normal (variance–covariance) VaR: VaR = -μ + z_c σ, CVaR = -μ + σ φ(z_c)/(1-c), where μ and σ are
/// the mean and the sample standard deviation of the portfolio P&amp;L (σ² = vᵀΣv exactly).
/// </summary>
public static class ParametricVaR
{
    public static VaRFigures Compute(double mean, double sigma, double confidence) =>
        new(-mean + NormalQuantiles.Z(confidence) * sigma, -mean + sigma * NormalQuantiles.TailMultiplier(confidence));
}
