namespace NeoLight.Risk;

public enum RiskMethod { Historical, Parametric, CornishFisher, MonteCarlo, Ewma }

public enum ModelSource { Request, EngineHistory, Default }

/// <summary>One symbol's part of the VaR: parametric Euler decomposition, horizon-scaled.</summary>
public readonly record struct SymbolContribution(string Symbol, double Value, double Weight, double ComponentVaR, double MarginalVaR);

/// <summary>What the models say about a book; drawdown and score are added by the caller who knows the history.</summary>
public sealed record RiskReport(
    VaRFigures AtConfidence,
    VaRFigures At95,
    VaRFigures At99,
    RiskMethod Method,
    ModelSource Source,
    double Confidence,
    double HorizonDays,
    int Observations,
    double GrossExposure,
    double NetExposure,
    SymbolContribution[] Contributions)
{
    /// <summary>Whether every figure is a finite number: JSON has no infinity, and state must never hold one.</summary>
    public bool IsFinite()
    {
        if (!Finite(AtConfidence) || !Finite(At95) || !Finite(At99) || !double.IsFinite(GrossExposure) || !double.IsFinite(NetExposure))
            return false;
        foreach (var c in Contributions)
            if (!double.IsFinite(c.Value) || !double.IsFinite(c.Weight) || !double.IsFinite(c.ComponentVaR)
                || !double.IsFinite(c.MarginalVaR))
                return false;
        return true;

        static bool Finite(VaRFigures f) => double.IsFinite(f.VaR) && double.IsFinite(f.CVaR);
    }
}

/// <summary>The inputs make a figure no double can hold: the caller answers 400 and nothing is stored.</summary>
public sealed class NonFiniteRiskException() : ArithmeticException("the book's risk figures do not fit in a double");

/// <summary>
/// How to evaluate: confidence, method (null: historical with a history, else parametric), horizon, Monte Carlo settings,
/// and the EWMA decay λ.
/// </summary>
public readonly record struct EvaluationSettings(double Confidence, RiskMethod? Method, double HorizonDays, int Simulations, long Seed,
    double Lambda = EwmaVaR.DefaultLambda)
{
    public static EvaluationSettings Default(double confidence) =>
        new(confidence, null, 1, MonteCarloVaR.DefaultPaths, MonteCarloVaR.DefaultSeed);
}
