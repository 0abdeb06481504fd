using System.Buffers;

namespace NeoLight.Risk;

/// <summary>
/// Prices the risk of a book from a return history (or, without one, the default model): VaR and CVaR
/// at 95 %, 99 % and the requested confidence, scaled by √horizon, with Euler contributions.
/// Stateless; scratch buffers come from the shared pool so a request allocates only its answer.
/// </summary>
public static class RiskEvaluator
{
    public static RiskReport Evaluate(Book book, double portfolioValue, ReturnMatrix? returns, ModelSource source,
        in EvaluationSettings settings, double defaultVolatility)
    {
        var scale = Math.Sqrt(settings.HorizonDays);
        var gross = portfolioValue > 0 ? book.Gross / portfolioValue : 0;
        var net = portfolioValue > 0 ? book.Net / portfolioValue : 0;
        var m = book.Symbols.Length;
        var component = new double[m];
        var marginal = new double[m];

        if (returns is null)
        {
            var z = NormalQuantiles.Z(settings.Confidence);
            EulerContributions.ComputeDefault(book.Values, defaultVolatility, z * scale, component, marginal);
            return new RiskReport(
                DefaultRiskModel.Compute(book.Gross, defaultVolatility, settings.Confidence).Scale(scale),
                DefaultRiskModel.Compute(book.Gross, defaultVolatility, 0.95).Scale(scale),
                DefaultRiskModel.Compute(book.Gross, defaultVolatility, 0.99).Scale(scale),
                RiskMethod.Parametric, ModelSource.Default, settings.Confidence, settings.HorizonDays, 0, gross, net,
                Contributions(book, portfolioValue, component, marginal));
        }

        var method = settings.Method ?? RiskMethod.Historical;
        var n = returns.Observations;
        var pnl = ArrayPool<double>.Shared.Rent(n);
        var covWithBook = ArrayPool<double>.Shared.Rent(Math.Max(m, 1));
        double[]? sorted = null;
        try
        {
            returns.PortfolioPnL(book.Values, pnl);
            var moments = SampleMoments.Of(pnl.AsSpan(0, n));
            // EWMA weighs the history its own way, and its contributions follow the same weights.
            var sigma = moments.StdDev;
            if (method == RiskMethod.Ewma)
            {
                sigma = Math.Sqrt(EwmaVaR.Variance(pnl.AsSpan(0, n), settings.Lambda));
                EwmaVaR.CovarianceWithPortfolio(returns, pnl.AsSpan(0, n), settings.Lambda, covWithBook);
            }
            else
            {
                returns.CovarianceWithPortfolio(pnl.AsSpan(0, n), moments.Mean, covWithBook);
            }
            EulerContributions.Compute(book.Values, covWithBook.AsSpan(0, m), sigma,
                NormalQuantiles.Z(settings.Confidence) * scale, component, marginal);

            VaRFigures requested, at95, at99;
            switch (method)
            {
                case RiskMethod.Parametric:
                    requested = ParametricVaR.Compute(moments.Mean, moments.StdDev, settings.Confidence);
                    at95 = ParametricVaR.Compute(moments.Mean, moments.StdDev, 0.95);
                    at99 = ParametricVaR.Compute(moments.Mean, moments.StdDev, 0.99);
                    break;
                case RiskMethod.Ewma:
                    requested = EwmaVaR.Compute(sigma, settings.Confidence);
                    at95 = EwmaVaR.Compute(sigma, 0.95);
                    at99 = EwmaVaR.Compute(sigma, 0.99);
                    break;
                case RiskMethod.CornishFisher:
                    requested = CornishFisherVaR.Compute(moments, settings.Confidence);
                    at95 = CornishFisherVaR.Compute(moments, 0.95);
                    at99 = CornishFisherVaR.Compute(moments, 0.99);
                    break;
                default:
                    var count = method == RiskMethod.MonteCarlo ? settings.Simulations : n;
                    sorted = ArrayPool<double>.Shared.Rent(count);
                    var losses = sorted.AsSpan(0, count);
                    if (method == RiskMethod.MonteCarlo)
                    {
                        MonteCarloVaR.SimulateLosses(book.Values, returns, settings.Seed, losses);
                        losses.Sort();
                    }
                    else
                    {
                        HistoricalVaR.SortedLosses(pnl.AsSpan(0, n), losses);
                    }
                    requested = HistoricalVaR.FromSortedLosses(losses, settings.Confidence);
                    at95 = HistoricalVaR.FromSortedLosses(losses, 0.95);
                    at99 = HistoricalVaR.FromSortedLosses(losses, 0.99);
                    break;
            }
            return new RiskReport(requested.Scale(scale), at95.Scale(scale), at99.Scale(scale), method, source,
                settings.Confidence, settings.HorizonDays, n, gross, net, Contributions(book, portfolioValue, component, marginal));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(pnl);
            ArrayPool<double>.Shared.Return(covWithBook);
            if (sorted is not null) ArrayPool<double>.Shared.Return(sorted);
        }
    }

    /// <summary>
    /// The one figure an order check needs: one-day VaR at 99 % by the default method — historical with a history, else the
    /// default model — equal to <c>Evaluate(...).At99.VaR</c> with default settings, without the rest of the report.
    /// </summary>
    public static double VaR99(Book book, ReturnMatrix? returns, double defaultVolatility) =>
        VaR99(book.Values, book.Gross, returns, defaultVolatility);

    /// <summary>The same figure for values aligned with the rows of <paramref name="returns"/> (the default model needs only the
    /// gross).</summary>
    public static double VaR99(double[] values, double gross, ReturnMatrix? returns, double defaultVolatility)
    {
        if (returns is null) return DefaultRiskModel.Compute(gross, defaultVolatility, 0.99).VaR;
        var n = returns.Observations;
        var pnl = ArrayPool<double>.Shared.Rent(n);
        try
        {
            returns.PortfolioPnL(values, pnl);
            // Only the quantile is needed here (no CVaR): a selection of the tail, not a sort of the sample.
            return HistoricalVaR.LossQuantile(pnl.AsSpan(0, n), 0.99);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(pnl);
        }
    }

    private static SymbolContribution[] Contributions(Book book, double portfolioValue, double[] component, double[] marginal)
    {
        var result = new SymbolContribution[book.Symbols.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var v = book.Values[i];
            result[i] = new SymbolContribution(book.Symbols[i], v, portfolioValue > 0 ? v / portfolioValue : 0, component[i], marginal[i]);
        }
        return result;
    }
}
