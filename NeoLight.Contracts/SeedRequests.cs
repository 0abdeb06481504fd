namespace NeoLight.Contracts;

/// <summary>
/// The documented request bodies (the seed's curl examples): the OpenAPI documents show them as examples, <c>validate</c>
/// sends them, and the tests post every one to the service it documents and expect it accepted.
/// </summary>
public static class SeedRequests
{
    public const string EvaluateFlatBook = """{"positions":[],"portfolio_value":100000}""";

    public const string Evaluate = """
        {"positions":[{"symbol":"BTC-USD","quantity":0.05,"price":107000.0},{"symbol":"ETH-USD","quantity":1.0,"price":3600.0}],
         "portfolio_value":100000.0,"confidence":0.99}
        """;

    public const string Validate = """
        {"symbol":"BTC-USD","side":"buy","quantity":0.1,"price":100000,"current_positions":[],"portfolio_value":100000}
        """;

    public const string Stress = """
        {"positions":[{"symbol":"BTC-USD","quantity":1,"price":50000}],"portfolio_value":100000,
         "scenarios":[{"name":"crash","shocks":{"BTC-USD":-0.3}}]}
        """;

    public const string Prices = """{"prices":[{"symbol":"BTC-USD","price":107000.0,"timestamp":"2026-11-24T14:00:00Z"}]}""";

    public const string KillSwitch = """{"halted":true,"reason":"maintenance"}""";

    public const string Backtest = """{"var":[2.1,2.0,2.2,1.9,2.0],"pnl":[0.5,-2.4,1.1,-0.3,-2.05],"confidence":0.99}""";

    public const string Performance = """{"equity_curve":[100,110,99,120,90,130],"periods_per_year":12}""";

    public const string MetricsSnapshot = """
        {"timestamp":"2026-11-24T14:00:00.000Z",
         "per_agent":{"momentum":{"pnl_1d":120.5,"pnl_7d":800,"sharpe_30d":1.4,"winrate_30d":0.55,"max_dd_30d":0.03,
                                  "total_decisions":42,"revenue_24h":120.5,"revenue_total":1500}},
         "per_strategy":{"sma_cross":{"pnl_1d":120.5,"pnl_7d":800,"sharpe_30d":1.4,"winrate_30d":0.55,"max_dd_30d":0.03,
                                      "trade_count":42,"score":0.7}},
         "guardian":{"is_paused":false,"drawdown":0.01,"reason":"Normal operation"},
         "breakers":{"quote_state":"CLOSED","trade_state":"CLOSED"},
         "mode":"PAPER","market_regime":{"regime":"BULL"},
         "summary":{"total_agents":1,"total_strategies":1,"top_agent":"momentum","top_strategy":"sma_cross"}}
        """;

    public const string Decision = """
        {"agent":"momentum","strategy":"sma_cross","symbol":"BTC-USD","side":"buy","quantity":0.1,"price":100000,"pnl":0}
        """;

    public const string Regime = """{"regime":"BULL","risk_multiplier":1.0}""";

    public const string Allocations = """
        {"allocations":{"momentum":0.4,"mean_reversion":0.35},"source":"governor","min_allocation":0.05,"max_allocation":0.4}
        """;

    public const string BookReset = """{"book":"paper"}""";

    public const string Session = """{"session":"20261203T210000-a1b2c3","started_at":"2026-12-03T21:00:00Z","reason":"reset"}""";

    public const string TradingBacktest = """{"steps":2000,"seed":7}""";

    public const string Atlas = """{"node":"alpha","status":"ok"}""";
}
