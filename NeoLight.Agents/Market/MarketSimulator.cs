
namespace NeoLight.Agents.Market;

public enum MarketPhase { Calm, Bull, Bear, Turbulent }

/// <summary>A simulated symbol: its start price, its loading on the common factor and its own volatility (annualised).</summary>
public sealed record SymbolSpec(string Symbol, double StartPrice, double Beta, double IdiosyncraticVol, double AnnualDrift);

/// <summary>
/// A correlated, regime-switching market: each step every symbol moves by its drift plus its beta to a
/// common factor plus its own noise, with the factor's drift and volatility set by a Markov chain of
/// phases (calm, bull, bear, turbulent). Deterministic for a seed. One step is <see cref="Step"/> of
/// market time, so an accelerated clock passes days of market in minutes.
/// </summary>
public sealed class MarketSimulator : IMarketFeed
{
    public static readonly SymbolSpec[] DefaultSymbols =
    [
        new("BTC-USD", 100_000, 1.6, 0.45, 0.10),
        new("ETH-USD", 3_600, 1.9, 0.55, 0.08),
        new("SOL-USD", 180, 2.2, 0.70, 0.05),
        new("SPY", 600, 0.8, 0.08, 0.07),
        new("QQQ", 520, 1.0, 0.12, 0.09),
    ];

    // Factor drift and volatility per phase (annualised), and the chance per step of leaving the phase.
    private static readonly (double Drift, double Vol, double Leave)[] Phases =
    [
        (0.05, 0.12, 0.01), // Calm
        (0.60, 0.18, 0.02), // Bull
        (-0.70, 0.30, 0.03), // Bear
        (0.00, 0.90, 0.06), // Turbulent
    ];

    private readonly SymbolSpec[] _specs;
    private readonly double[] _prices;
    private readonly Random _random;
    private DateTimeOffset _time;

    public MarketSimulator(int seed, DateTimeOffset start, TimeSpan step, IReadOnlyList<SymbolSpec>? symbols = null)
    {
        _specs = [.. symbols ?? DefaultSymbols];
        _prices = [.. _specs.Select(s => s.StartPrice)];
        _random = new Random(seed);
        _time = start;
        Step = step;
    }

    public TimeSpan Step { get; }
    public MarketPhase Phase { get; private set; } = MarketPhase.Calm;
    public IReadOnlyList<string> Symbols => [.. _specs.Select(s => s.Symbol)];

    public MarketTick Next()
    {
        var dt = Step.TotalDays / 365.0;
        var phase = Phases[(int)Phase];
        if (_random.NextDouble() < phase.Leave) Phase = (MarketPhase)_random.Next(4);
        phase = Phases[(int)Phase];

        var factor = phase.Drift * dt + phase.Vol * Math.Sqrt(dt) * Gaussian();
        var prices = new Dictionary<string, double>(_specs.Length);
        for (var i = 0; i < _specs.Length; i++)
        {
            var s = _specs[i];
            var own = s.AnnualDrift * dt + s.IdiosyncraticVol * Math.Sqrt(dt) * Gaussian();
            _prices[i] *= Math.Exp(s.Beta * factor + own);
            prices[s.Symbol] = _prices[i];
        }
        _time += Step;
        return new MarketTick(_time, prices);
    }

    private double Gaussian() => MathNet.Numerics.Distributions.Normal.Sample(_random, 0, 1);

    MarketTick? IMarketFeed.Next() => Next();

}
