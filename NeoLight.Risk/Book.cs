namespace NeoLight.Risk;

/// <summary>One position: negative quantity is a short.</summary>
public readonly record struct BookPosition(string Symbol, double Quantity, double Price)
{
    public double Value => Quantity * Price;
}

/// <summary>
/// A book netted by symbol (risk is linear in value, so two lines of one symbol are one exposure),
/// with gross and net value taken over the lines as given.
/// </summary>
public sealed class Book
{
    public static readonly Book Empty = new([]);

    public Book(IReadOnlyList<BookPosition> positions)
    {
        Positions = positions;
        var symbols = new List<string>(positions.Count);
        var values = new List<double>(positions.Count);
        foreach (var p in positions)
        {
            var v = p.Value;
            Gross += Math.Abs(v);
            Net += v;
            var index = symbols.IndexOf(p.Symbol);
            if (index < 0)
            {
                symbols.Add(p.Symbol);
                values.Add(v);
            }
            else
            {
                values[index] += v;
            }
        }
        Symbols = [.. symbols];
        Values = [.. values];
    }

    public IReadOnlyList<BookPosition> Positions { get; }
    /// <summary>Distinct symbols, in first-seen order.</summary>
    public string[] Symbols { get; }
    /// <summary>Net value per symbol, aligned with <see cref="Symbols"/>.</summary>
    public double[] Values { get; }
    public double Gross { get; }
    public double Net { get; }
    public bool IsFlat => Symbols.Length == 0;

    /// <summary>The book after an order of <paramref name="signedQuantity"/> at <paramref name="price"/>; the symbol's lines are repriced
    /// at it.</summary>
    public Book WithOrder(string symbol, double signedQuantity, double price)
    {
        var lines = new List<BookPosition>(Positions.Count + 1);
        var quantity = signedQuantity;
        foreach (var p in Positions)
        {
            if (p.Symbol == symbol) quantity += p.Quantity;
            else lines.Add(p);
        }
        if (quantity != 0) lines.Add(new BookPosition(symbol, quantity, price));
        return new Book(lines);
    }

    /// <summary>Net values aligned with <paramref name="layout"/> (0 for a symbol the book does not hold).</summary>
    public double[] ValuesIn(string[] layout)
    {
        var result = new double[layout.Length];
        for (var i = 0; i < Symbols.Length; i++) result[Array.IndexOf(layout, Symbols[i])] = Values[i];
        return result;
    }

    public double AbsValueOf(string symbol)
    {
        var index = Array.IndexOf(Symbols, symbol);
        return index < 0 ? 0 : Math.Abs(Values[index]);
    }
}
