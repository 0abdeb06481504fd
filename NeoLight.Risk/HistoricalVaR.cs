namespace NeoLight.Risk;

/// <summary>
/// Historical (empirical) VaR and CVaR of a loss sample: the quantile uses linear interpolation
/// between order statistics (Hyndman–Fan type 7, numpy's default); CVaR is the mean of the losses
/// at or beyond that quantile.
/// </summary>
public static class HistoricalVaR
{
    /// <summary>Figures at <paramref name="confidence"/> from losses already sorted ascending.</summary>
    public static VaRFigures FromSortedLosses(ReadOnlySpan<double> sortedLosses, double confidence)
    {
        var n = sortedLosses.Length;
        if (n == 0) return default;
        var var = Quantile(sortedLosses, confidence);
        // Losses are sorted: the tail is a suffix; find its start and average it.
        var start = sortedLosses.BinarySearch(var);
        if (start < 0) start = ~start;
        else while (start > 0 && sortedLosses[start - 1] >= var) start--;
        var sum = 0.0;
        for (var i = start; i < n; i++) sum += sortedLosses[i];
        var cvar = n > start ? sum / (n - start) : var;
        return new VaRFigures(var, cvar);
    }

    /// <summary>Type-7 quantile of an ascending sample.</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double p)
    {
        var n = sorted.Length;
        if (n == 1) return sorted[0];
        var h = (n - 1) * p;
        var lo = (int)Math.Floor(h);
        if (lo >= n - 1) return sorted[n - 1];
        var frac = h - lo;
        return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
    }

    /// <summary>Losses (the negated P&amp;L) into <paramref name="destination"/>, sorted ascending.</summary>
    public static void SortedLosses(ReadOnlySpan<double> pnl, Span<double> destination)
    {
        for (var t = 0; t < pnl.Length; t++) destination[t] = -pnl[t];
        destination[..pnl.Length].Sort();
    }
}
