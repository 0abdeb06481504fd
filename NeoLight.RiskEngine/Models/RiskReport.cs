namespace NeoLight.RiskEngine.Models;

public enum RiskMethod { Historical, Parametric, CornishFisher, MonteCarlo }

public enum ModelSource { Request, EngineHistory, Default }

/// <summary>One symbol's part of the VaR: parametric Euler decomposition, horizon-scaled.</summary>
public readonly record struct SymbolContribution(string Symbol, double Value, double Weight, double ComponentVar, double MarginalVar);

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
    SymbolContribution[] Contributions);

/// <summary>How to evaluate: confidence, method (null: historical with a history, else parametric), horizon, Monte Carlo settings.</summary>
public readonly record struct EvaluationSettings(double Confidence, RiskMethod? Method, double HorizonDays, int Simulations, long Seed)
{
    public static EvaluationSettings Default(double confidence) =>
        new(confidence, null, 1, MonteCarloVaR.DefaultPaths, MonteCarloVaR.DefaultSeed);
}
