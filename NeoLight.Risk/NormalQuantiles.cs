using MathNet.Numerics.Distributions;

namespace NeoLight.Risk;

/// <summary>Standard normal quantile and density, with the two confidences every evaluation reports cached.</summary>
public static class NormalQuantiles
{
    public static readonly double Z95 = Normal.InvCDF(0, 1, 0.95);
    public static readonly double Z99 = Normal.InvCDF(0, 1, 0.99);

    /// <summary>Φ⁻¹(c).</summary>
    public static double Z(double confidence) => confidence switch
    {
        0.95 => Z95,
        0.99 => Z99,
        _ => Normal.InvCDF(0, 1, confidence),
    };

    /// <summary>φ(z).</summary>
    public static double Density(double z) => Normal.PDF(0, 1, z);

    /// <summary>Expected shortfall multiplier of the normal: φ(z_c)/(1-c).</summary>
    public static double TailMultiplier(double confidence) => Density(Z(confidence)) / (1 - confidence);
}
