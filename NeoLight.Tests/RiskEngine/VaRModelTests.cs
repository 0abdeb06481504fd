using NeoLight.Risk;

namespace NeoLight.Tests.RiskEngine;

public class VaRModelTests
{
    private static readonly double[] Values = [5_350, 3_600, -1_200];
    private static readonly double[][] Returns = Reference.SyntheticReturns(3, 250, seed: 7);

    private static RiskReport Evaluate(RiskMethod method, double confidence = 0.99, double horizon = 1, double[]? values = null,
        double[][]? returns = null, int simulations = 100_000, long seed = 42)
    {
        values ??= Values;
        returns ??= Returns;
        var book = new Book([.. values.Select((v, i) => new BookPosition($"S{i}", v / 100, 100))]);
        return RiskEvaluator.Evaluate(book, 100_000, new ReturnMatrix(returns), ModelSource.Request,
            new EvaluationSettings(confidence, method, horizon, simulations, seed), 0.02);
    }

    [Fact]
    public void Historical_quantile_and_tail_mean_match_a_hand_worked_sample()
    {
        // P&L -> losses sorted: -4 -3 -2 -1 0 1 2 3 4 5 (n = 10).
        double[] pnl = [-5, -3, -1, 0, 2, 4, 1, -2, 3, -4];
        var sorted = new double[pnl.Length];
        HistoricalVaR.SortedLosses(pnl, sorted);

        var at95 = HistoricalVaR.FromSortedLosses(sorted, 0.95); // h = 8.55 -> 4 + 0.55 * (5 - 4)
        Assert.Equal(4.55, at95.VaR, 12);
        Assert.Equal(5.0, at95.CVaR, 12);                          // only the loss 5 is >= 4.55
        var at50 = HistoricalVaR.FromSortedLosses(sorted, 0.5);  // h = 4.5 -> 0 + 0.5 * 1
        Assert.Equal(0.5, at50.VaR, 12);
        Assert.Equal(3.0, at50.CVaR, 12);                          // mean of 1..5
    }

    [Fact]
    public void The_tail_selection_quantile_has_the_bits_of_the_full_sort()
    {
        var rng = new GaussianSampler(11);
        foreach (var n in new[] { 1, 2, 3, 10, 99, 100, 101, 250, 499, 500, 1_000 })
            foreach (var p in new[] { 0.5, 0.9, 0.95, 0.975, 0.99, 0.999, 0.9999 })
            {
                // Ties included: every third value repeats the one before it.
                var pnl = new double[n];
                for (var i = 0; i < n; i++) pnl[i] = i % 3 == 2 ? pnl[i - 1] : Math.Round(rng.NextGaussian() * 1_000, 1);
                var sorted = new double[n];
                HistoricalVaR.SortedLosses(pnl, sorted);
                Assert.Equal(HistoricalVaR.Quantile(sorted, p), HistoricalVaR.LossQuantile(pnl, p)); // exact, not close
            }
        Assert.Equal(0, HistoricalVaR.LossQuantile([], 0.99));
    }

    [Theory]
    [InlineData(0.95)]
    [InlineData(0.99)]
    [InlineData(0.975)]
    public void Historical_matches_an_independent_type7_implementation(double confidence)
    {
        var report = Evaluate(RiskMethod.Historical, confidence);
        var expected = Reference.Historical(Reference.Pnl(Values, Returns), confidence);
        Reference.Close(expected.VaR, report.AtConfidence.VaR);
        Reference.Close(expected.CVaR, report.AtConfidence.CVaR);
        Reference.Close(Reference.Historical(Reference.Pnl(Values, Returns), 0.95).VaR, report.At95.VaR);
        Reference.Close(Reference.Historical(Reference.Pnl(Values, Returns), 0.99).CVaR, report.At99.CVaR);
    }

    [Fact]
    public void Parametric_matches_the_variance_covariance_formula()
    {
        var report = Evaluate(RiskMethod.Parametric);
        var expected99 = Reference.Parametric(Values, Returns, Reference.Z99, 0.99);
        var expected95 = Reference.Parametric(Values, Returns, Reference.Z95, 0.95);
        Reference.Close(expected99.VaR, report.At99.VaR);
        Reference.Close(expected99.CVaR, report.At99.CVaR);
        Reference.Close(expected95.VaR, report.At95.VaR);
        Reference.Close(expected95.CVaR, report.At95.CVaR);
    }

    [Fact]
    public void Cornish_fisher_matches_the_expansion_with_scipy_moments()
    {
        var fat = Reference.SyntheticReturns(3, 500, seed: 11, fatTails: true);
        var report = Evaluate(RiskMethod.CornishFisher, returns: fat);
        var pnl = Reference.Pnl(Values, fat);
        Reference.Close(Reference.CornishFisherVaR(pnl, -Reference.Z99), report.At99.VaR);
        Reference.Close(Reference.CornishFisherVaR(pnl, -Reference.Z95), report.At95.VaR);
        Reference.Close(Reference.Parametric(Values, fat, Reference.Z99, 0.99).CVaR, report.At99.CVaR);
        // Fat tails: the kurtosis term pushes the 99 % quantile beyond the normal one.
        Assert.True(report.At99.VaR > Evaluate(RiskMethod.Parametric, returns: fat).At99.VaR);
    }

    [Fact]
    public void Cornish_fisher_reduces_to_parametric_without_skew_or_excess_kurtosis()
    {
        var z = CornishFisherVaR.AdjustedQuantile(0.99, 0, 0);
        Assert.Equal(-Reference.Z99, z, 12);
    }

    [Fact]
    public void Monte_carlo_converges_to_parametric_and_is_deterministic_for_a_seed()
    {
        var mc = Evaluate(RiskMethod.MonteCarlo, simulations: 200_000, seed: 1);
        var parametric = Evaluate(RiskMethod.Parametric);
        Assert.InRange(mc.At99.VaR / parametric.At99.VaR, 0.98, 1.02);
        Assert.InRange(mc.At95.CVaR / parametric.At95.CVaR, 0.98, 1.02);

        var again = Evaluate(RiskMethod.MonteCarlo, simulations: 200_000, seed: 1);
        Assert.Equal(mc.At99.VaR, again.At99.VaR);
        var otherSeed = Evaluate(RiskMethod.MonteCarlo, simulations: 200_000, seed: 2);
        Assert.NotEqual(mc.At99.VaR, otherSeed.At99.VaR);
    }

    [Fact]
    public void Historical_on_a_large_normal_sample_approaches_parametric()
    {
        var normal = Reference.SyntheticReturns(2, 10_000, seed: 3);
        double[] values = [10_000, 5_000];
        var historical = Evaluate(RiskMethod.Historical, values: values, returns: normal);
        var parametric = Evaluate(RiskMethod.Parametric, values: values, returns: normal);
        Assert.InRange(historical.At95.VaR / parametric.At95.VaR, 0.96, 1.04);
        Assert.InRange(historical.At99.VaR / parametric.At99.VaR, 0.94, 1.06);
    }

    [Theory]
    [InlineData(RiskMethod.Historical)]
    [InlineData(RiskMethod.Parametric)]
    [InlineData(RiskMethod.CornishFisher)]
    [InlineData(RiskMethod.MonteCarlo)]
    public void Var_is_monotone_in_confidence_and_cvar_is_at_least_var(RiskMethod method)
    {
        var previous = double.NegativeInfinity;
        foreach (var c in new[] { 0.9, 0.95, 0.975, 0.99, 0.995 })
        {
            var r = Evaluate(method, c, simulations: 20_000);
            Assert.True(r.AtConfidence.VaR >= previous, $"{method} VaR at {c} = {r.AtConfidence.VaR} < {previous}");
            Assert.True(r.AtConfidence.CVaR >= r.AtConfidence.VaR - 1e-9);
            previous = r.AtConfidence.VaR;
        }
    }

    [Fact]
    public void A_short_position_loses_what_the_long_gains_on_mirrored_returns()
    {
        double[][] returns = [Returns[0]];
        double[][] mirrored = [[.. Returns[0].Select(r => -r)]];
        var longBook = Evaluate(RiskMethod.Historical, values: [10_000], returns: mirrored);
        var shortBook = Evaluate(RiskMethod.Historical, values: [-10_000], returns: returns);
        Assert.Equal(longBook.At99.VaR, shortBook.At99.VaR, 9);
        Assert.Equal(longBook.At95.CVaR, shortBook.At95.CVaR, 9);
    }

    [Theory]
    [InlineData(RiskMethod.Historical)]
    [InlineData(RiskMethod.Parametric)]
    public void Horizon_scales_every_figure_by_its_square_root(RiskMethod method)
    {
        var one = Evaluate(method);
        var ten = Evaluate(method, horizon: 10);
        Reference.Close(one.At99.VaR * Math.Sqrt(10), ten.At99.VaR, 1e-12);
        Reference.Close(one.At95.CVaR * Math.Sqrt(10), ten.At95.CVaR, 1e-12);
        Reference.Close(one.Contributions[0].ComponentVaR * Math.Sqrt(10), ten.Contributions[0].ComponentVaR, 1e-12);
    }

    [Fact]
    public void Euler_components_sum_to_z_sigma_and_marginals_are_the_gradient()
    {
        var report = Evaluate(RiskMethod.Parametric);
        var sigma = Reference.Sigma(Values, Returns);
        Reference.Close(Reference.Z99 * sigma, report.Contributions.Sum(c => c.ComponentVaR), 1e-9);

        var covV = Reference.CovTimesValues(Values, Returns);
        for (var i = 0; i < Values.Length; i++)
        {
            Reference.Close(Reference.Z99 * covV[i] / sigma, report.Contributions[i].MarginalVaR);
            // Finite difference of z·σ(v) in v_i.
            var bumped = (double[])Values.Clone();
            bumped[i] += 1e-3;
            var gradient = (Reference.Z99 * Reference.Sigma(bumped, Returns) - Reference.Z99 * sigma) / 1e-3;
            Reference.Close(gradient, report.Contributions[i].MarginalVaR, 1e-4);
        }
    }

    [Fact]
    public void Default_model_is_z_sigma_times_gross_value()
    {
        var book = new Book([new BookPosition("BTC-USD", 0.05, 107_000), new BookPosition("ETH-USD", -1.0, 3_600)]);
        var report = RiskEvaluator.Evaluate(book, 100_000, null, ModelSource.Default, EvaluationSettings.Default(0.99), 0.02);
        var gross = 5_350 + 3_600;
        Reference.Close(Reference.Z99 * 0.02 * gross, report.At99.VaR);
        Reference.Close(0.02 * Reference.Phi(Reference.Z99) / 0.01 * gross, report.At99.CVaR);
        Reference.Close(Reference.Z95 * 0.02 * gross, report.At95.VaR);
        Reference.Close(report.At99.VaR, report.Contributions.Sum(c => c.ComponentVaR), 1e-12);
        Assert.Equal(0.0895, report.GrossExposure, 12);
        Assert.Equal((5_350 - 3_600) / 100_000.0, report.NetExposure, 12);
        Assert.Equal(ModelSource.Default, report.Source);
    }

    [Fact]
    public void Gaussian_sampler_has_unit_moments()
    {
        var rng = new GaussianSampler(123);
        var draws = Enumerable.Range(0, 200_000).Select(_ => rng.NextGaussian()).ToArray();
        Assert.InRange(draws.Average(), -0.01, 0.01);
        Assert.InRange(Reference.SampleStd(draws), 0.99, 1.01);
        Assert.InRange(Reference.QuantileType7(draws, 0.99), 2.28, 2.37);
    }

    [Fact]
    public void Collinear_series_still_factor_for_monte_carlo()
    {
        double[][] same = [Returns[0], Returns[0]];
        var mc = Evaluate(RiskMethod.MonteCarlo, values: [1_000, 2_000], returns: same, simulations: 50_000);
        var parametric = Evaluate(RiskMethod.Parametric, values: [1_000, 2_000], returns: same);
        Assert.InRange(mc.At99.VaR / parametric.At99.VaR, 0.97, 1.03);
    }
}
