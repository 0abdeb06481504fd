namespace NeoLight.Risk;

/// <summary>
/// Modified (Cornish–Fisher) VaR: the normal quantile z = Φ⁻¹(1-c) adjusted for the sample's skewness S
/// and excess kurtosis K, z_cf = z + (z²-1)S/6 + (z³-3z)K/24 - (2z³-5z)S²/36, VaR = -(μ + z_cf σ).
/// CVaR is the parametric one (the expansion gives no closed-form tail mean).
/// </summary>
public static class CornishFisherVaR
{
    public static double AdjustedQuantile(double confidence, double skewness, double excessKurtosis)
    {
        var z = -NormalQuantiles.Z(confidence); // Φ⁻¹(1-c) by symmetry
        var z2 = z * z;
        var z3 = z2 * z;
        return z + (z2 - 1) * skewness / 6 + (z3 - 3 * z) * excessKurtosis / 24 - (2 * z3 - 5 * z) * skewness * skewness / 36;
    }

    public static VaRFigures Compute(in SampleMoments moments, double confidence)
    {
        var zcf = AdjustedQuantile(confidence, moments.Skewness, moments.ExcessKurtosis);
        var var = -(moments.Mean + zcf * moments.StdDev);
        var cvar = ParametricVaR.Compute(moments.Mean, moments.StdDev, confidence).CVaR;
        return new VaRFigures(var, cvar);
    }
}
