using NeoLight.Risk;

namespace NeoLight.RiskEngine.Engine;

/// <summary>
/// A named set of price shocks (fractional moves). A shock applies to a symbol by exact name first,
/// then by asset class (<c>crypto</c>, <c>equity</c>), then to everything (<c>*</c>); otherwise 0.
/// </summary>
public sealed record StressScenario(string Name, IReadOnlyDictionary<string, double> Shocks);

public readonly record struct StressOutcome(string Name, double Pnl, double PnlPct, double ExposureAfter, double DrawdownAfterPct);

public static class StressTester
{
    /// <summary>Historical-style one-shot moves, by asset class.</summary>
    public static readonly StressScenario[] BuiltIn =
    [
        new("covid_crash_2020", new Dictionary<string, double> { ["crypto"] = -0.50, ["equity"] = -0.34 }),
        new("crypto_winter_2022", new Dictionary<string, double> { ["crypto"] = -0.65, ["equity"] = -0.20 }),
        new("gfc_2008", new Dictionary<string, double> { ["crypto"] = -0.55, ["equity"] = -0.45 }),
        new("flash_crash", new Dictionary<string, double> { ["*"] = -0.10 }),
        new("rate_shock", new Dictionary<string, double> { ["crypto"] = -0.25, ["equity"] = -0.15 }),
        new("broad_rally", new Dictionary<string, double> { ["*"] = 0.20 }),
    ];

    public static StressOutcome Run(Book book, double portfolioValue, StressScenario scenario)
    {
        double pnl = 0, grossAfter = 0;
        foreach (var p in book.Positions)
        {
            var shock = ShockFor(p.Symbol, scenario.Shocks);
            pnl += p.Value * shock;
            grossAfter += Math.Abs(p.Value * (1 + shock));
        }
        var equityAfter = portfolioValue + pnl;
        return new StressOutcome(
            scenario.Name,
            pnl,
            pnl / portfolioValue * 100,
            equityAfter > 0 ? grossAfter / equityAfter : double.PositiveInfinity,
            Math.Max(0, -pnl) / portfolioValue * 100);
    }

    public static double ShockFor(string symbol, IReadOnlyDictionary<string, double> shocks)
    {
        if (shocks.TryGetValue(symbol, out var exact)) return exact;
        if (shocks.TryGetValue(AssetClassOf(symbol), out var byClass)) return byClass;
        return shocks.TryGetValue("*", out var all) ? all : 0;
    }

    private static readonly HashSet<string> CryptoBases = new(StringComparer.OrdinalIgnoreCase)
    {
        "BTC", "ETH", "SOL", "XRP", "ADA", "DOGE", "DOT", "AVAX", "LTC", "BNB", "LINK", "MATIC",
    };

    /// <summary><c>crypto</c> for quote pairs (BTC-USD, ETHUSDT) and known coins, else <c>equity</c>.</summary>
    public static string AssetClassOf(string symbol)
    {
        var dash = symbol.IndexOf('-');
        var baseName = dash > 0 ? symbol[..dash] : symbol;
        if (CryptoBases.Contains(baseName)) return "crypto";
        if (symbol.EndsWith("USDT", StringComparison.OrdinalIgnoreCase) || symbol.EndsWith("-USD", StringComparison.OrdinalIgnoreCase))
            return "crypto";
        return "equity";
    }
}
