using System.Buffers;
using System.Numerics.Tensors;

namespace NeoLight.Risk;

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

    /// <summary>Scenario P&amp;L X_t = Σ_i v_i r_{i,t} (vectorised: one multiply-add over each row).</summary>
    public void PortfolioPnL(ReadOnlySpan<double> values, Span<double> pnl)
    {
        var target = pnl[..Observations];
        target.Clear();
        for (var i = 0; i < Rows.Length; i++) TensorPrimitives.MultiplyAdd(Rows[i], values[i], target, target);
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

    /// <summary>
    /// (Σv)_i = cov(r_i, X): the covariance of each symbol with the portfolio P&amp;L (divisor n-1), as Σ_t r_{i,t} (X_t − X̄) / (n−1) —
    /// the row's own mean drops out because the centred P&amp;L sums to zero — so each row is one vectorised dot product.
    /// </summary>
    public void CovarianceWithPortfolio(ReadOnlySpan<double> pnl, double pnlMean, Span<double> result)
    {
        var n = Observations;
        if (n < 2)
        {
            result[..Rows.Length].Clear();
            return;
        }
        var centred = ArrayPool<double>.Shared.Rent(n);
        try
        {
            var d = centred.AsSpan(0, n);
            TensorPrimitives.Subtract(pnl[..n], pnlMean, d);
            for (var i = 0; i < Rows.Length; i++) result[i] = TensorPrimitives.Dot(Rows[i], d) / (n - 1);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(centred);
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
