using System.Globalization;

namespace NeoLight.Agents.Market;

/// <summary>
/// Replays real daily (or intraday) bars from a CSV file with the header
/// <c>date,symbol,open,high,low,close,volume</c>: one tick per date, at each symbol's close.
/// Dates where a symbol has no bar keep its last close. Ends when the file does.
/// </summary>
public sealed class CsvBarFeed : IMarketFeed
{
    private readonly List<MarketTick> _ticks;
    private int _next;

    public CsvBarFeed(TextReader reader)
    {
        var header = reader.ReadLine()?.Split(',').Select(h => h.Trim().ToLowerInvariant()).ToArray()
                     ?? throw new FormatException("the CSV file is empty");
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i
            : throw new FormatException($"the CSV header has no '{name}' column");
        int date = Column("date"), symbol = Column("symbol"), close = Column("close");
        var byDate = new SortedDictionary<DateTimeOffset, Dictionary<string, double>>();
        var line = 1;
        for (var text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var cells = text.Split(',');
            if (!DateTimeOffset.TryParse(cells[date], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
                throw new FormatException($"line {line}: '{cells[date]}' is not a date");
            if (!double.TryParse(cells[close], NumberStyles.Float, CultureInfo.InvariantCulture, out var price) || !(price > 0))
                throw new FormatException($"line {line}: close '{cells[close]}' is not a positive number");
            (byDate.TryGetValue(when, out var row) ? row : byDate[when] = [])[cells[symbol].Trim()] = price;
        }
        Symbols = [.. byDate.Values.SelectMany(r => r.Keys).Distinct().Order(StringComparer.Ordinal)];
        var last = new Dictionary<string, double>();
        _ticks = [];
        foreach (var (when, row) in byDate)
        {
            foreach (var (s, p) in row) last[s] = p;
            if (last.Count == Symbols.Count) _ticks.Add(new MarketTick(_ticks.Count + 1, when, new Dictionary<string, double>(last)));
        }
    }

    public IReadOnlyList<string> Symbols { get; }
    public int Count => _ticks.Count;

    public MarketTick? Next() => _next < _ticks.Count ? _ticks[_next++] : null;

    /// <summary>The next bar after a restart is the one after the last journaled (steps count bars from 1).</summary>
    public void ResumeAfter(MarketTick? last) => _next = (int)Math.Clamp(last?.Step ?? 0, 0, _ticks.Count);
}
