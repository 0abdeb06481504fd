using System.Text.Json.Serialization;

namespace NeoLight.Contracts;

/// <summary>Source-generated JSON for every wire type: snake_case, no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DictionaryKeyPolicy = JsonKnownNamingPolicy.Unspecified,
    NumberHandling = JsonNumberHandling.Strict,
    // A key given twice is ambiguous ("portfolio_value":-1,"portfolio_value":100000): refused, not last-wins.
    AllowDuplicateProperties = false,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(RiskEvaluateRequest))]
[JsonSerializable(typeof(RiskEvaluateResponse))]
[JsonSerializable(typeof(TradeValidationRequest))]
[JsonSerializable(typeof(TradeValidationResponse))]
[JsonSerializable(typeof(RiskStateResponse))]
[JsonSerializable(typeof(StressRequest))]
[JsonSerializable(typeof(BacktestRequest))]
[JsonSerializable(typeof(BacktestResponse))]
[JsonSerializable(typeof(PerformanceRequest))]
[JsonSerializable(typeof(PerformanceResponse))]
[JsonSerializable(typeof(StressResponse))]
[JsonSerializable(typeof(PricesRequest))]
[JsonSerializable(typeof(PricesResponse))]
[JsonSerializable(typeof(KillSwitchRequest))]
[JsonSerializable(typeof(KillSwitchAnswer))]
[JsonSerializable(typeof(DecisionDto))]
[JsonSerializable(typeof(DecisionBatchDto))]
[JsonSerializable(typeof(RegimeDto))]
[JsonSerializable(typeof(AllocationsDto))]
[JsonSerializable(typeof(AcceptedResponse))]
[JsonSerializable(typeof(MetaMetricsDto))]
[JsonSerializable(typeof(DecisionListDto))]
[JsonSerializable(typeof(MetricsHistoryDto))]
[JsonSerializable(typeof(ServiceDocumentDto))]
[JsonSerializable(typeof(StatusDto))]
[JsonSerializable(typeof(TraderStatusDto))]
[JsonSerializable(typeof(TraderResetResponse))]
[JsonSerializable(typeof(BookResetRequest))]
[JsonSerializable(typeof(SessionDto))]
[JsonSerializable(typeof(TradingBacktestRequest))]
[JsonSerializable(typeof(TradingBacktestResponse))]
[JsonSerializable(typeof(Dictionary<string, double>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, double>))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, long>))]
[JsonSerializable(typeof(string))]
public sealed partial class NeoLightJsonContext : JsonSerializerContext;
