using NeoLight.Risk;

namespace NeoLight.Agents.Market;

public enum MarketPhase { Calm, Bull, Bear, Turbulent }

/// <summary>A simulated symbol: its start price, its loading on the common factor and its own volatility (annualised).</summary>
public sealed record SymbolSpec(string Symbol, double StartPrice, double Beta, double IdiosyncraticVol, double AnnualDrift);

/// <summary>
/// A correlated, regime-switching market: each step every symbol moves by its drift plus its beta to a
/// common factor plus its own noise, with the factor's drift and volatility set by a Markov chain of
/// phases (calm, bull, bear, turbulent). One step is <see cref="Step"/> of market time, so an accelerated
/// clock passes days of market in minutes.
/// The draws of step n come from a generator seeded with (seed, n) alone, so the market's whole state after a step is
/// that step's tick (number, time, prices, phase): a restarted trader resumes it exactly from its journal.
/// </summary>
public sealed class MarketSimulator : IMarketFeed
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

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
    private readonly int _seed;
    private readonly DateTimeOffset _start;
    private long _step;

    public MarketSimulator(int seed, DateTimeOffset start, TimeSpan step, IReadOnlyList<SymbolSpec>? symbols = null)
    {
        _specs = [.. symbols ?? DefaultSymbols];
        _prices = [.. _specs.Select(s => s.StartPrice)];
        _seed = seed;
        _start = start;
        Step = step;
        Symbols = [.. _specs.Select(s => s.Symbol)];
    }

    public TimeSpan Step { get; }
    public MarketPhase Phase { get; private set; } = MarketPhase.Calm;
    public IReadOnlyList<string> Symbols { get; }

    public MarketTick Next()
    {
        _step++;
        var random = new GaussianSampler(unchecked(((long)_seed << 40) ^ _step));
        var dt = Step.TotalDays / 365.0;
        if (random.NextUnitOpenBelow() <= Phases[(int)Phase].Leave) Phase = (MarketPhase)(random.NextUInt64() % 4);
        var phase = Phases[(int)Phase];

        var factor = phase.Drift * dt + phase.Vol * Math.Sqrt(dt) * random.NextGaussian();
        var prices = new Dictionary<string, double>(_specs.Length);
        for (var i = 0; i < _specs.Length; i++)
        {
            var s = _specs[i];
            var own = s.AnnualDrift * dt + s.IdiosyncraticVol * Math.Sqrt(dt) * random.NextGaussian();
            _prices[i] *= Math.Exp(s.Beta * factor + own);
            prices[s.Symbol] = _prices[i];
        }
        return new MarketTick(_step, _start + Step * _step, prices, Phase);
    }

    MarketTick? IMarketFeed.Next() => Next();

    public void ResumeAfter(MarketTick? last)
    {
        _step = last?.Step ?? 0;
        Phase = last?.Phase ?? MarketPhase.Calm;
        for (var i = 0; i < _specs.Length; i++)
            _prices[i] = last is not null && last.Prices.TryGetValue(_specs[i].Symbol, out var price) ? price : _specs[i].StartPrice;
    }
}
