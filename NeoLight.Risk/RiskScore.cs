namespace NeoLight.Risk;

/// <summary>
/// A 0–100 score of how close the book is to its limits, non-decreasing in each input:
/// score = 40·min(1, (VaR99/PV)/varLimit) + 30·min(1, exposure/maxExposure) + 30·min(1, drawdown/maxDrawdown)
/// with drawdown as a fraction. 100 means every limit is reached or passed.
/// </summary>
public static class RiskScore
{
    public const double VaRWeight = 40, ExposureWeight = 30, DrawdownWeight = 30;

    public static double Compute(double var99Fraction, double grossExposure, double drawdownFraction, RiskLimits limits)
    {
        var score = VaRWeight * Ratio(var99Fraction, limits.MaxVaR99)
                    + ExposureWeight * Ratio(grossExposure, limits.MaxExposure)
                    + DrawdownWeight * Ratio(drawdownFraction, limits.MaxDrawdown);
        return Math.Round(score, 2);
    }

    private static double Ratio(double value, double limit) =>
        limit <= 0 ? (value > 0 ? 1 : 0) : Math.Clamp(value / limit, 0, 1);
}
