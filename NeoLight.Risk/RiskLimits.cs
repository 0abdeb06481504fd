namespace NeoLight.Risk;

/// <summary>What the var_99 check limits: the post-trade VaR99, or what the order adds to it (a hedge always passes).</summary>
public enum VaR99Check { Level, Increment }

/// <summary>
/// The limits the engine enforces and scores against. Fractions of portfolio value unless named
/// otherwise. Each has an environment variable (README) and a default here.
/// </summary>
public sealed record RiskLimits
{
    /// <summary>RISK_CONFIDENCE: default confidence of value_at_risk.</summary>
    public double Confidence { get; init; } = 0.99;
    /// <summary>RISK_MAX_EXPOSURE: post-trade gross exposure.</summary>
    public double MaxExposure { get; init; } = 0.75;
    /// <summary>RISK_MAX_DRAWDOWN: drawdown (fraction) past which no order is approved.</summary>
    public double MaxDrawdown { get; init; } = 0.08;
    /// <summary>RISK_MAX_CONCENTRATION: one symbol's post-trade |value| / PV.</summary>
    public double MaxConcentration { get; init; } = 0.40;
    /// <summary>RISK_MAX_ORDER_NOTIONAL: one order's notional / PV.</summary>
    public double MaxOrderNotional { get; init; } = 0.25;
    /// <summary>RISK_MAX_VAR99: post-trade one-day VaR99 / PV.</summary>
    public double MaxVaR99 { get; init; } = 0.05;
    /// <summary>RISK_VAR99_CHECK: whether <see cref="MaxVaR99"/> limits the post-trade level (default) or the order's increment.</summary>
    public VaR99Check VaR99Check { get; init; } = VaR99Check.Level;
    /// <summary>RISK_PRICE_COLLAR: |order price / last recorded price - 1|.</summary>
    public double PriceCollar { get; init; } = 0.10;
    /// <summary>RISK_DEFAULT_VOLATILITY: daily volatility of the default model.</summary>
    public double DefaultVolatility { get; init; } = 0.02;

    /// <summary>
    /// The limits from their variables (README's table), each read by <paramref name="number"/>(name, default, min, max): one
    /// table for the risk engine and for the checks a backtest runs in-process, so both enforce the same limits.
    /// </summary>
    public static RiskLimits Read(Func<string, double, double, double, double> number, string? var99Check)
    {
        var d = new RiskLimits();
        return new RiskLimits
        {
            Confidence = number("RISK_CONFIDENCE", d.Confidence, 0.5, 0.9999),
            MaxExposure = number("RISK_MAX_EXPOSURE", d.MaxExposure, 0, 100),
            MaxDrawdown = number("RISK_MAX_DRAWDOWN", d.MaxDrawdown, 0, 1),
            MaxConcentration = number("RISK_MAX_CONCENTRATION", d.MaxConcentration, 0, 100),
            MaxOrderNotional = number("RISK_MAX_ORDER_NOTIONAL", d.MaxOrderNotional, 0, 100),
            MaxVaR99 = number("RISK_MAX_VAR99", d.MaxVaR99, 0, 1),
            PriceCollar = number("RISK_PRICE_COLLAR", d.PriceCollar, 0, 100),
            VaR99Check = var99Check?.Trim().ToLowerInvariant() switch
            {
                null or "" or "level" => VaR99Check.Level,
                "increment" => VaR99Check.Increment,
                _ => throw new InvalidOperationException($"RISK_VAR99_CHECK='{var99Check}' must be 'level' or 'increment'."),
            },
            DefaultVolatility = number("RISK_DEFAULT_VOLATILITY", d.DefaultVolatility, 0, 1),
        };
    }
}
