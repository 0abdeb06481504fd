namespace NeoLight.RiskEngine.Models;

/// <summary>
/// Aligned periodic simple returns, one row per symbol of the book (same order as its values),
/// oldest first, every row the same length.
/// </summary>
public sealed class ReturnMatrix
{
    public ReturnMatrix(double[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Rows = rows;
        Observations = rows.Length == 0 ? 0 : rows[0].Length;
        foreach (var row in rows)
            if (row.Length != Observations) throw new ArgumentException("every return series must have the same length", nameof(rows));
    }

    public double[][] Rows { get; }
    public int Symbols => Rows.Length;
    public int Observations { get; }

    /// <summary>Scenario P&amp;L X_t = Σ_i v_i r_{i,t}.</summary>
    public void PortfolioPnL(ReadOnlySpan<double> values, Span<double> pnl)
    {
        pnl[..Observations].Clear();
        for (var i = 0; i < Rows.Length; i++)
        {
            var v = values[i];
            var row = Rows[i];
            for (var t = 0; t < row.Length; t++) pnl[t] += v * row[t];
        }
    }

    /// <summary>Means of each row.</summary>
    public void Means(Span<double> means)
    {
        for (var i = 0; i < Rows.Length; i++)
        {
            var sum = 0.0;
            foreach (var r in Rows[i]) sum += r;
            means[i] = sum / Observations;
        }
    }

    /// <summary>(Σv)_i = cov(r_i, X): the covariance of each symbol with the portfolio P&amp;L (divisor n-1).</summary>
    public void CovarianceWithPortfolio(ReadOnlySpan<double> pnl, double pnlMean, Span<double> result)
    {
        var n = Observations;
        for (var i = 0; i < Rows.Length; i++)
        {
            var row = Rows[i];
            var mean = 0.0;
            foreach (var r in row) mean += r;
            mean /= n;
            var acc = 0.0;
            for (var t = 0; t < n; t++) acc += (row[t] - mean) * (pnl[t] - pnlMean);
            result[i] = n > 1 ? acc / (n - 1) : 0.0;
        }
    }

    /// <summary>Sample covariance matrix (divisor n-1), row-major m×m.</summary>
    public double[,] Covariance()
    {
        var m = Rows.Length;
        var n = Observations;
        var means = new double[m];
        Means(means);
        var cov = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var acc = 0.0;
                var ri = Rows[i];
                var rj = Rows[j];
                for (var t = 0; t < n; t++) acc += (ri[t] - means[i]) * (rj[t] - means[j]);
                cov[i, j] = cov[j, i] = n > 1 ? acc / (n - 1) : 0.0;
            }
        }
        return cov;
    }
}
