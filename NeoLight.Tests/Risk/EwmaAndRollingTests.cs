using NeoLight.Risk;
using NeoLight.Tests.RiskEngine;
using static NeoLight.Tests.Risk.AnalyticsReference;

namespace NeoLight.Tests.Risk;

public class EwmaAndRollingTests
{
    private static readonly double[][] Returns = Reference.SyntheticReturns(3, 400, 21, fatTails: true);
    private static readonly double[] Values = [40_000, -15_000, 25_000];

    [Theory]
    [InlineData(0.94)]
    [InlineData(0.97)]
    [InlineData(0.5)]
    public void Ewma_evaluation_matches_the_weighted_covariance_matrix(double lambda)
    {
        var book = new Book([new("A", 4, 10_000), new("B", -1.5, 10_000), new("C", 2.5, 10_000)]);
        var settings = new EvaluationSettings(0.99, RiskMethod.Ewma, 1, 1000, 1, lambda);
        var report = RiskEvaluator.Evaluate(book, 100_000, new ReturnMatrix(Returns), ModelSource.Request, settings, 0.02);

        // Σ_ij = Σ_t w_t r_it r_jt, built element by element; σ² = vᵀΣv.
        var w = EwmaWeights(400, lambda);
        var cov = new double[3, 3];
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
                cov[i, j] = Enumerable.Range(0, 400).Sum(t => w[t] * Returns[i][t] * Returns[j][t]);
        var sigma2 = 0.0;
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++) sigma2 += Values[i] * cov[i, j] * Values[j];
        var sigma = Math.Sqrt(sigma2);

        Reference.Close(Reference.Z99 * sigma, report.At99.VaR, 1e-9);
        Reference.Close(Reference.Phi(Reference.Z99) / 0.01 * sigma, report.At99.CVaR, 1e-9);
        Reference.Close(Reference.Z95 * sigma, report.At95.VaR, 1e-9);
        Assert.Equal(RiskMethod.Ewma, report.Method);
        // Euler: component_i = v_i z (Σv)_i / σ, and the components add up to the VaR.
        for (var i = 0; i < 3; i++)
        {
            var sv = Enumerable.Range(0, 3).Sum(j => cov[i, j] * Values[j]);
            Reference.Close(Values[i] * Reference.Z99 * sv / sigma, report.Contributions[i].ComponentVaR, 1e-9);
        }
        Reference.Close(report.At99.VaR, report.Contributions.Sum(c => c.ComponentVaR), 1e-9);
    }

    [Fact]
    public void Ewma_with_lambda_near_one_approaches_the_zero_mean_sample_covariance()
    {
        var pnl = Reference.Pnl(Values, Returns);
        var equalWeights = pnl.Sum(x => x * x) / pnl.Length;
        Reference.Close(equalWeights, EwmaVaR.Variance(pnl, 1 - 1e-9), 1e-6);
        Assert.True(Math.Abs(EwmaVaR.Variance(pnl, 0.94) / equalWeights - 1) > 1e-3, "λ = 0.94 must weigh the history differently");
        var weights = new double[250];
        EwmaVaR.Weights(0.94, weights);
        Reference.Close(1, weights.Sum(), 1e-12);
        Assert.True(weights[^1] > weights[0]);
    }

    [Theory]
    [InlineData(RiskMethod.Historical)]
    [InlineData(RiskMethod.Parametric)]
    [InlineData(RiskMethod.CornishFisher)]
    [InlineData(RiskMethod.Ewma)]
    public void Rolled_forecasts_match_a_naive_loop_over_windows(RiskMethod method)
    {
        const int window = 120;
        var result = RollingBacktest.Run(Values, new ReturnMatrix(Returns), method, window, 0.99);
        var pnl = Reference.Pnl(Values, Returns);
        Assert.Equal(400 - window, result.VaR.Length);
        for (var s = 0; s < result.VaR.Length; s++)
        {
            var past = pnl.Skip(s).Take(window).ToArray();
            var expected = method switch
            {
                RiskMethod.Historical => Reference.Historical(past, 0.99).VaR,
                RiskMethod.Parametric => -past.Average() + Reference.Z99 * Reference.SampleStd(past),
                RiskMethod.CornishFisher => Reference.CornishFisherVaR(past, -Reference.Z99),
                _ => Reference.Z99 * Math.Sqrt(EwmaVariance(past, 0.94)),
            };
            Reference.Close(expected, result.VaR[s], 1e-9);
            Assert.Equal(pnl[s + window], result.Pnl[s], 12);
        }
        var again = VaRBacktest.Run(result.VaR, result.Pnl, 0.99);
        Assert.Equal(again.ExceptionIndices, result.Backtest.ExceptionIndices);
    }

    [Fact]
    public void A_window_that_leaves_nothing_to_test_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RollingBacktest.Run(Values, new ReturnMatrix(Returns), RiskMethod.Historical, 400,
            0.99));
        Assert.Throws<ArgumentOutOfRangeException>(() => RollingBacktest.Run(Values, new ReturnMatrix(Returns), RiskMethod.MonteCarlo, 100,
            0.99));
    }
}
