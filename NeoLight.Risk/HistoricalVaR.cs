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

    /// <summary>
    /// The type-7 quantile at <paramref name="p"/> of the losses (the negated <paramref name="pnl"/>) without sorting the sample:
    /// only the largest n − ⌊(n − 1)p⌋ losses, the order statistics the quantile interpolates between, are kept (a VaR99 of 500
    /// observations keeps 6). They are the very elements a full sort puts there, so the answer has the same bits as
    /// <see cref="Quantile"/> of <see cref="SortedLosses"/>.
    /// </summary>
    public static double LossQuantile(ReadOnlySpan<double> pnl, double p)
    {
        var n = pnl.Length;
        if (n == 0) return 0;
        if (n == 1) return -pnl[0];
        var h = (n - 1) * p;
        var lo = (int)Math.Floor(h);
        var keep = n - Math.Min(lo, n - 1);
        if (keep > 64)
        {
            var sorted = new double[n];
            SortedLosses(pnl, sorted);
            return Quantile(sorted, p);
        }
        Span<double> top = stackalloc double[keep]; // the largest losses seen, ascending
        var count = 0;
        foreach (var gain in pnl)
        {
            var loss = -gain;
            if (count == keep)
            {
                if (!(loss > top[0])) continue;
                var i = 1;
                for (; i < keep && top[i] < loss; i++) top[i - 1] = top[i];
                top[i - 1] = loss;
            }
            else
            {
                var i = count++;
                for (; i > 0 && top[i - 1] > loss; i--) top[i] = top[i - 1];
                top[i] = loss;
            }
        }
        if (lo >= n - 1) return top[keep - 1];
        return top[0] + (h - lo) * (top[1] - top[0]);
    }

    /// <summary>Losses (the negated P&amp;L) into <paramref name="destination"/>, sorted ascending.</summary>
    public static void SortedLosses(ReadOnlySpan<double> pnl, Span<double> destination)
    {
        for (var t = 0; t < pnl.Length; t++) destination[t] = -pnl[t];
        destination[..pnl.Length].Sort();
    }
}
