using NeoLight.Agents.Governor;

namespace NeoLight.Tests.Agents;

public class AllocationPolicyTests
{
    [Fact]
    public void Bounds_hold_and_weights_sum_to_one_over_many_random_inputs()
    {
        var random = new Random(2026);
        for (var trial = 0; trial < 2000; trial++)
        {
            var n = random.Next(1, 12);
            var min = Math.Round(random.NextDouble() * 0.1, 3);
            var max = Math.Round(min + random.NextDouble() * 0.6 + 0.01, 3);
            var multiplier = random.NextDouble();
            var agents = Enumerable.Range(0, n).Select(i => new AgentScoreInput($"a{i}", random.NextDouble() * 2000 - 1000,
                random.NextDouble() * 6 - 3, random.NextDouble(), random.NextDouble() * 0.3, random.NextDouble() * 100)).ToList();
            var policy = trial % 2 == 0 ? AllocationPolicy.Score : AllocationPolicy.InverseVolatility;

            var allocation = AllocationPolicy.Allocate(agents, policy, min, max, multiplier);
            var sum = allocation.Weights.Values.Sum();
            if (n * max <= 1)
            {
                Assert.All(allocation.Weights.Values, w => Assert.Equal(max, w, 9)); // the rest stays unallocated
            }
            else if (n * min >= 1)
            {
                Assert.All(allocation.Weights.Values, w => Assert.Equal(1.0 / n, w, 9));
            }
            else
            {
                Assert.Equal(1, sum, 6);
                Assert.All(allocation.Weights.Values, w => Assert.InRange(w, min - 1e-9, max + 1e-9));
            }
            foreach (var (agent, weight) in allocation.Weights) Assert.Equal(weight * multiplier, allocation.Allocations[agent], 9);
            Assert.Equal(1 - allocation.Allocations.Values.Sum(), allocation.Cash, 9);
        }
    }

    [Fact]
    public void Score_uses_the_original_weights_on_normalised_figures()
    {
        var scores = AllocationPolicy.Scores(
        [
            new("best", Pnl7d: 1000, Sharpe30d: 2, WinRate30d: 0.6, MaxDrawdown30d: 0.01, Volatility30d: 10),
            new("worst", Pnl7d: -500, Sharpe30d: -1, WinRate30d: 0.3, MaxDrawdown30d: 0.2, Volatility30d: 10),
        ]);
        Assert.Equal(0.4 + 0.3 + 0.2 * 0.6 + 0.1, scores["best"], 9);
        Assert.Equal(0.2 * 0.3, scores["worst"], 9);
    }

    [Fact]
    public void Clamp_then_normalise_would_break_the_bounds_water_filling_does_not()
    {
        // Raw shares 0.90 / 0.05 / 0.05: clamping to 0.40 and renormalising gives 0.8 to the first (broken).
        var weights = AllocationPolicy.Project([18, 1, 1], min: 0.05, max: 0.40);
        Assert.Equal(0.40, weights[0], 9);
        Assert.Equal(1, weights.Sum(), 9);
        Assert.All(weights, w => Assert.InRange(w, 0.05, 0.40 + 1e-12));
    }

    [Fact]
    public void Reallocation_needs_a_move_past_the_threshold()
    {
        var current = new Dictionary<string, double> { ["a"] = 0.4, ["b"] = 0.6 };
        Assert.False(AllocationPolicy.ShouldReallocate(current, new Dictionary<string, double> { ["a"] = 0.45, ["b"] = 0.55 }, 0.10));
        Assert.True(AllocationPolicy.ShouldReallocate(current, new Dictionary<string, double> { ["a"] = 0.30, ["b"] = 0.70 }, 0.10));
        Assert.True(AllocationPolicy.ShouldReallocate(current, new Dictionary<string, double> { ["a"] = 0.4, ["c"] = 0.6 }, 0.10));
        Assert.True(AllocationPolicy.ShouldReallocate(new Dictionary<string, double>(), current, 0.10));
    }
}
