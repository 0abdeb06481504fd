namespace NeoLight.Agents.Governor;

/// <summary>What the governor knows of each agent from the meta-metrics.</summary>
public sealed record AgentScoreInput(string Agent, double Pnl7d, double Sharpe30d, double WinRate30d, double MaxDrawdown30d,
    double Volatility30d);

/// <summary>An allocation: per-agent weights within the bounds summing to at most 1, scaled by the regime.</summary>
public sealed record Allocation(IReadOnlyDictionary<string, double> Weights, IReadOnlyDictionary<string, double> Allocations, double Cash,
    IReadOnlyDictionary<string, double> Scores);

/// <summary>
/// Turns agent figures into capital weights (phases 5700–5900). Scores use the original's weights — P&amp;L 7d 40 %,
/// Sharpe 30d 30 %, win rate 20 %, drawdown penalty 10 % — on figures min-max normalised across agents.
/// The alternative policy weights by inverse volatility (risk parity for uncorrelated agents). Either way
/// the raw weights are projected onto {min ≤ w ≤ max, Σw = 1} (water-filling, so the bounds really hold —
/// the original clamped and then normalised, which broke them); when n·max &lt; 1 every agent gets max and
/// the rest stays unallocated. The regime multiplier (≤ 1) then scales what is deployed; the rest is cash.
/// </summary>
public static class AllocationPolicy
{
    public const string Score = "score";
    public const string InverseVolatility = "inverse_volatility";

    public static IReadOnlyDictionary<string, double> Scores(IReadOnlyList<AgentScoreInput> agents)
    {
        if (agents.Count == 0) return new Dictionary<string, double>();
        var pnl = Normalise(agents.Select(a => a.Pnl7d));
        var sharpe = Normalise(agents.Select(a => a.Sharpe30d));
        var dd = Normalise(agents.Select(a => a.MaxDrawdown30d));
        var scores = new Dictionary<string, double>();
        for (var i = 0; i < agents.Count; i++)
            scores[agents[i].Agent] = 0.4 * pnl[i] + 0.3 * sharpe[i] + 0.2 * Math.Clamp(agents[i].WinRate30d, 0, 1) + 0.1 * (1 - dd[i]);
        return scores;
    }

    public static Allocation Allocate(IReadOnlyList<AgentScoreInput> agents, string policy, double min, double max, double riskMultiplier)
    {
        if (agents.Count == 0) return new Allocation(new Dictionary<string, double>(), new Dictionary<string, double>(), 1,
            new Dictionary<string, double>());
        var scores = Scores(agents);
        var raw = policy == InverseVolatility
            ? agents.Select(a => a.Volatility30d > 0 ? 1 / a.Volatility30d : 0).ToArray()
            : agents.Select(a => scores[a.Agent]).ToArray();
        if (raw.All(r => r <= 0)) raw = [.. raw.Select(_ => 1.0)]; // no information: equal weights
        var weights = Project(raw, min, max);
        var multiplier = Math.Clamp(riskMultiplier, 0, 1);
        var w = new Dictionary<string, double>();
        var a = new Dictionary<string, double>();
        for (var i = 0; i < agents.Count; i++)
        {
            w[agents[i].Agent] = weights[i];
            a[agents[i].Agent] = weights[i] * multiplier;
        }
        return new Allocation(w, a, Math.Max(0, 1 - a.Values.Sum()), scores);
    }

    /// <summary>
    /// w_i = clamp(λ·raw_i, min, max) with λ found by bisection so that Σw = 1; all at max when n·max ≤ 1,
    /// all equal when n·min ≥ 1 (the bounds cannot both hold).
    /// </summary>
    public static double[] Project(IReadOnlyList<double> raw, double min, double max)
    {
        var n = raw.Count;
        if (n * max <= 1) return [.. raw.Select(_ => max)];
        if (n * min >= 1) return [.. raw.Select(_ => 1.0 / n)];
        double Total(double lambda) => raw.Sum(r => Math.Clamp(lambda * Math.Max(r, 0), min, max));
        double lo = 0, hi = 1;
        while (Total(hi) < 1) hi *= 2;
        for (var i = 0; i < 200; i++)
        {
            var mid = (lo + hi) / 2;
            if (Total(mid) < 1) lo = mid; else hi = mid;
        }
        var weights = raw.Select(r => Math.Clamp(hi * Math.Max(r, 0), min, max)).ToArray();
        // Bisection leaves Σw a hair above 1; take it from the unclamped weights so bounds stay exact.
        var excess = weights.Sum() - 1;
        var free = Enumerable.Range(0, n).Where(i => weights[i] > min && weights[i] < max).ToList();
        foreach (var i in free) weights[i] -= excess / free.Count;
        return weights;
    }

    /// <summary>True when some agent's weight moved at least <paramref name="threshold"/> (or an agent came or went).</summary>
    public static bool ShouldReallocate(IReadOnlyDictionary<string, double> current, IReadOnlyDictionary<string, double> proposed,
        double threshold)
    {
        if (current.Count == 0) return true;
        if (!current.Keys.ToHashSet().SetEquals(proposed.Keys)) return true;
        return proposed.Any(p => Math.Abs(p.Value - current[p.Key]) >= threshold);
    }

    private static double[] Normalise(IEnumerable<double> values)
    {
        var v = values.ToArray();
        var lo = v.Min();
        var hi = v.Max();
        return hi - lo < 1e-12 ? [.. v.Select(_ => 0.5)] : [.. v.Select(x => (x - lo) / (hi - lo))];
    }
}
