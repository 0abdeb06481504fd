using NeoLight.Risk;

namespace NeoLight.RiskEngine.Engine;

/// <summary>The wire names of methods and model sources.</summary>
public static class RiskNames
{
    public static string Of(RiskMethod method) => method switch
    {
        RiskMethod.Historical => "historical",
        RiskMethod.Parametric => "parametric",
        RiskMethod.CornishFisher => "cornish_fisher",
        RiskMethod.Ewma => "ewma",
        _ => "monte_carlo",
    };

    public static string Of(ModelSource source) => source switch
    {
        ModelSource.Request => "request",
        ModelSource.EngineHistory => "engine_history",
        _ => "default",
    };

    public static RiskMethod? ParseMethod(string name) => name.ToLowerInvariant() switch
    {
        "historical" => RiskMethod.Historical,
        "parametric" => RiskMethod.Parametric,
        "cornish_fisher" or "cornish-fisher" => RiskMethod.CornishFisher,
        "monte_carlo" or "monte-carlo" => RiskMethod.MonteCarlo,
        "ewma" => RiskMethod.Ewma,
        _ => null,
    };
}
