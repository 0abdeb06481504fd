namespace NeoLight.Risk;

/// <summary>Value at risk and expected shortfall at one confidence, one period; positive means a loss.</summary>
public readonly record struct VaRFigures(double VaR, double CVaR)
{
    public VaRFigures Scale(double factor) => new(VaR * factor, CVaR * factor);
}
