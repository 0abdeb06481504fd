using BenchmarkDotNet.Attributes;
using NeoLight.RiskEngine.Engine;
using NeoLight.Risk;

namespace NeoLight.Benchmarks;

/// <summary>Each VaR model on a book of <see cref="Symbols"/> symbols with <see cref="Observations"/> daily returns.</summary>
[MemoryDiagnoser]
public class RiskModelBenchmarks
{
    private Book _book = Book.Empty;
    private ReturnMatrix _returns = null!;

    [Params(10, 100)]
    public int Symbols { get; set; }

    [Params(250, 2_500)]
    public int Observations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new GaussianSampler(1);
        var rows = new double[Symbols][];
        for (var i = 0; i < Symbols; i++)
        {
            rows[i] = new double[Observations];
            for (var t = 0; t < Observations; t++) rows[i][t] = 0.0004 + 0.015 * rng.NextGaussian();
        }
        _returns = new ReturnMatrix(rows);
        _book = new Book([.. Enumerable.Range(0, Symbols).Select(i => new BookPosition($"S{i}", 10 + i, 100))]);
    }

    private RiskReport Run(RiskMethod method, int paths = MonteCarloVaR.DefaultPaths) =>
        RiskEvaluator.Evaluate(_book, 1_000_000, _returns, ModelSource.Request, new EvaluationSettings(0.99, method, 1, paths, 42), 0.02);

    [Benchmark] public RiskReport Historical() => Run(RiskMethod.Historical);
    [Benchmark] public RiskReport Parametric() => Run(RiskMethod.Parametric);
    [Benchmark] public RiskReport CornishFisher() => Run(RiskMethod.CornishFisher);
    [Benchmark] public RiskReport MonteCarlo100k() => Run(RiskMethod.MonteCarlo);
}

/// <summary>The pre-trade check of one order against a 10-symbol book (default model, as the engine does without history).</summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private readonly RiskDesk _desk = new(new RiskLimits(), new RiskEngineOptions(), TimeProvider.System);
    private readonly Book _book = new([.. Enumerable.Range(0, 10).Select(i => new BookPosition($"S{i}", 10, 100))]);

    [Benchmark] public TradeVerdict Validate() => _desk.Validate(new Order("S3", 1, 5, 100), 100_000, _book, null, null);
}
