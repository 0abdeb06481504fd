using BenchmarkDotNet.Attributes;
using NeoLight.Risk;

namespace NeoLight.Benchmarks;

/// <summary>
/// Issue 13's figures: a backtest of 2 500 given forecasts, a rolled historical backtest of 1 000 steps over a 250-day window of a
/// 10-symbol book, and the performance statistics of 2 520 daily returns (ten years).
/// </summary>
[MemoryDiagnoser]
public class AnalyticsBenchmarks
{
    private double[] _forecasts = [];
    private double[] _pnl = [];
    private double[] _values = [];
    private ReturnMatrix _returns = null!;
    private double[] _daily = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new GaussianSampler(7);
        _forecasts = [.. Enumerable.Range(0, 2_500).Select(_ => 2.33)];
        _pnl = [.. Enumerable.Range(0, 2_500).Select(_ => rng.NextGaussian())];
        var rows = new double[10][];
        for (var i = 0; i < rows.Length; i++) rows[i] = [.. Enumerable.Range(0, 1_250).Select(_ => 0.0003 + 0.015 * rng.NextGaussian())];
        _returns = new ReturnMatrix(rows);
        _values = [.. Enumerable.Range(0, 10).Select(i => 10_000.0 * (i % 3 == 0 ? -1 : 1))];
        _daily = [.. Enumerable.Range(0, 2_520).Select(_ => 0.0004 + 0.012 * rng.NextGaussian())];
    }

    [Benchmark] public BacktestReport Backtest2500() => VaRBacktest.Run(_forecasts, _pnl, 0.99);

    [Benchmark] public RollingBacktestReport RollingHistorical1000x250x10() =>
        RollingBacktest.Run(_values, _returns, RiskMethod.Historical, 250, 0.99);

    [Benchmark] public PerformanceReport Performance2520() => PerformanceStatistics.Of(_daily, new PerformanceSettings());
}
