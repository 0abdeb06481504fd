namespace NeoLight.Dashboard.Api;

/// <summary>What each read answers before anything was reported: the original's defaults, never 404.</summary>
public static class EmptyShapes
{
    public const string Metrics = """
        {"timestamp":null,"per_agent":{},"per_strategy":{},"guardian":{"is_paused":false,"drawdown":0.0,
        "reason":"No telemetry received yet"},"breakers":{},"mode":"UNKNOWN","market_regime":{},"summary":{"total_agents":0,
        "total_strategies":0,"top_agent":null,"top_strategy":null},"cache_timestamp":null}
        """;

    public const string Regime = """{"regime":"UNKNOWN","risk_multiplier":1.0,"timestamp":null}""";

    public const string Session = """{"session":null,"started_at":null,"market_time":null,"reason":null}""";

    public const string Allocations = """
        {"allocations":{},"source":"none","timestamp":null,"min_allocation":0.05,"max_allocation":0.4,"cash":1.0}
        """;
}
