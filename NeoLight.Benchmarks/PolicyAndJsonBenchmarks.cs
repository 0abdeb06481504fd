using System.Text.Json;
using BenchmarkDotNet.Attributes;
using NeoLight.Agents.Governor;
using NeoLight.Contracts;

namespace NeoLight.Benchmarks;

/// <summary>The governor's allocation (score and inverse volatility) over 10 agents.</summary>
[MemoryDiagnoser]
public class AllocationPolicyBenchmarks
{
    private readonly List<AgentScoreInput> _agents = [.. Enumerable.Range(0, 10).Select(i =>
        new AgentScoreInput($"agent{i}", 100 * i - 300, 0.2 * i - 1, 0.4 + 0.02 * i, 0.01 * i, 10 + i))];

    [Benchmark] public Allocation Score() => AllocationPolicy.Allocate(_agents, AllocationPolicy.Score, 0.05, 0.40, 0.8);
    [Benchmark] public Allocation InverseVolatility() =>
        AllocationPolicy.Allocate(_agents, AllocationPolicy.InverseVolatility, 0.05, 0.40, 0.8);
}

/// <summary>System.Text.Json source-generated reading of the seed's evaluate request and writing of its answer.</summary>
[MemoryDiagnoser]
public class EvaluateJsonBenchmarks
{
    private static readonly byte[] Request = """
        {"positions":[{"symbol":"BTC-USD","quantity":0.05,"price":107000.0},{"symbol":"ETH-USD",
        "quantity":1.0,"price":3600.0}],"portfolio_value":100000.0,"confidence":0.99}
        """u8.ToArray();
    private readonly RiskEvaluateResponse _response = new()
    {
        ValueAtRisk = 416.4, ConditionalVaR = 477.1, Exposure = 0.0895, Timestamp = DateTimeOffset.UtcNow, VaR95 = 294.4, VaR99 = 416.4,
        CVaR95 = 369.2, CVaR99 = 477.1, NetExposure = 0.0895, RiskScore = 6.9, Method = "parametric", Confidence = 0.99, HorizonDays = 1,
        ModelSource = "default",
        Contributions =
        [
            new RiskContribution { Symbol = "BTC-USD", Value = 5350, Weight = 0.0535, ComponentVaR = 248.9, MarginalVaR = 0.0465 },
            new RiskContribution { Symbol = "ETH-USD", Value = 3600, Weight = 0.036, ComponentVaR = 167.5, MarginalVaR = 0.0465 },
        ],
    };
    private readonly MemoryStream _sink = new();

    [Benchmark] public RiskEvaluateRequest? ReadRequest() => JsonSerializer.Deserialize(Request,
        NeoLightJsonContext.Default.RiskEvaluateRequest);

    [Benchmark]
    public long WriteResponse()
    {
        _sink.Position = 0;
        JsonSerializer.Serialize(_sink, _response, NeoLightJsonContext.Default.RiskEvaluateResponse);
        return _sink.Position;
    }
}
