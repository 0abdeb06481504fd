namespace NeoLight.Risk;

/// <summary>
/// The engine's own market memory: per symbol, the last price and a bounded window of simple returns
/// between consecutive observations (oldest dropped first). Observations not newer than the symbol's
/// last one are ignored, so a replayed batch cannot double-count a return. Thread-safe.
/// At <see cref="MaxSymbols"/> a new symbol is never refused: it takes the place of the least recently updated
/// symbol among those with fewer than <see cref="UsefulReturns"/> returns (too short a history for any model), or,
/// when every symbol has a usable history, of the least recently updated one. A flood of junk symbols therefore
/// only displaces junk, and real symbols are never locked out.
/// </summary>
public sealed class PriceHistory(int window, int maxSymbols, int usefulReturns = 2)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);
    private long _clock;

    public int Window { get; } = window;
    public int MaxSymbols { get; } = maxSymbols;
    public int UsefulReturns { get; } = usefulReturns;

    public enum Outcome { Recorded, Stale }

    /// <summary>Records one observation; what it changed (an eviction, the new price and return) is added to
    /// <paramref name="changes"/> for the store, each stamped with the history's clock.</summary>
    public Outcome Record(string symbol, double price, DateTimeOffset timestamp, ICollection<PriceChange>? changes = null)
    {
        lock (_gate)
        {
            var clock = _clock + 1;
            if (!_series.TryGetValue(symbol, out var series))
            {
                if (_series.Count >= MaxSymbols && Evict() is { } victim) changes?.Add(PriceChange.Eviction(victim, clock));
                _series[symbol] = series = new Series(Window);
            }
            var hadPrice = series.HasPrice;
            if (!series.Add(price, timestamp)) return Outcome.Stale;
            series.UpdatedAt = _clock = clock;
            changes?.Add(PriceChange.Observation(symbol, clock, price, timestamp, hadPrice ? series.LatestReturn : null));
            return Outcome.Recorded;
        }
    }

    /// <summary>Drops the symbol that matters least (see the class summary) and names it. Called under the lock.</summary>
    private string? Evict()
    {
        string? victim = null;
        (bool Useful, long UpdatedAt) least = (true, long.MaxValue);
        foreach (var (symbol, s) in _series)
        {
            var key = (s.Count >= UsefulReturns, s.UpdatedAt);
            if (victim is null || key.CompareTo(least) < 0) (victim, least) = (symbol, key);
        }
        if (victim is not null) _series.Remove(victim);
        return victim;
    }

    public double? LastPrice(string symbol)
    {
        lock (_gate) return _series.TryGetValue(symbol, out var s) && s.HasPrice ? s.LastPrice : null;
    }

    public int ObservationsOf(string symbol)
    {
        lock (_gate) return _series.TryGetValue(symbol, out var s) ? s.Count : 0;
    }

    /// <summary>
    /// The most recent common window of returns for <paramref name="symbols"/> (rows in their order),
    /// or null when one of them has fewer than <paramref name="minObservations"/> returns.
    /// </summary>
    public ReturnMatrix? Aligned(IReadOnlyList<string> symbols, int minObservations)
    {
        if (symbols.Count == 0) return null;
        lock (_gate)
        {
            var n = int.MaxValue;
            foreach (var symbol in symbols)
            {
                if (!_series.TryGetValue(symbol, out var s) || s.Count < minObservations) return null;
                n = Math.Min(n, s.Count);
            }
            var rows = new double[symbols.Count][];
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = new double[n];
                _series[symbols[i]].CopyLatest(rows[i]);
            }
            return new ReturnMatrix(rows);
        }
    }

    /// <summary>The logical clock: the stamp of the newest change.</summary>
    public long Clock
    {
        get { lock (_gate) return _clock; }
    }

    /// <summary>
    /// Brings the history to a stored state another process wrote: the series in <paramref name="changed"/> replace this
    /// history's whole, symbols not in <paramref name="stored"/> are dropped (evicted there), and the clock is the store's.
    /// </summary>
    public void Apply(IReadOnlyDictionary<string, PersistedSeries> changed, IReadOnlySet<string> stored, long clock)
    {
        lock (_gate)
        {
            foreach (var symbol in _series.Keys.Where(s => !stored.Contains(s)).ToList()) _series.Remove(symbol);
            foreach (var (symbol, snap) in changed)
            {
                var s = new Series(Window);
                s.Restore(snap);
                _series[symbol] = s;
            }
            _clock = clock;
        }
    }

    /// <summary>Replaces the history with stored series; past <see cref="MaxSymbols"/> the most recently updated are kept.</summary>
    public void Restore(IReadOnlyDictionary<string, PersistedSeries> snapshot)
    {
        lock (_gate)
        {
            _series.Clear();
            _clock = 0;
            foreach (var (symbol, snap) in snapshot.OrderByDescending(p => p.Value.UpdatedAt).Take(MaxSymbols))
            {
                var s = new Series(Window);
                s.Restore(snap);
                _series[symbol] = s;
                _clock = Math.Max(_clock, snap.UpdatedAt);
            }
        }
    }

    /// <summary>The persisted form of one symbol's series.</summary>
    public sealed class PersistedSeries
    {
        public double LastPrice { get; set; }
        public DateTimeOffset LastTimestamp { get; set; }
        public double[] Returns { get; set; } = [];
        /// <summary>The history's clock at the last price (0 in state files written before the price store).</summary>
        public long UpdatedAt { get; set; }
    }

    private sealed class Series(int capacity)
    {
        private readonly double[] _ring = new double[capacity];
        private int _start;

        public int Count { get; private set; }
        /// <summary>The history's logical clock at the last recorded price (it orders evictions and the stored rows).</summary>
        public long UpdatedAt { get; set; }
        public double LastPrice { get; private set; }
        public DateTimeOffset LastTimestamp { get; private set; } = DateTimeOffset.MinValue;
        public bool HasPrice => LastPrice > 0;
        public double LatestReturn => _ring[(_start + Count - 1) % _ring.Length];

        public bool Add(double price, DateTimeOffset timestamp)
        {
            if (HasPrice && timestamp <= LastTimestamp) return false;
            if (HasPrice) Push(price / LastPrice - 1.0);
            LastPrice = price;
            LastTimestamp = timestamp;
            return true;
        }

        private void Push(double value)
        {
            if (Count < _ring.Length)
            {
                _ring[(_start + Count) % _ring.Length] = value;
                Count++;
            }
            else
            {
                _ring[_start] = value;
                _start = (_start + 1) % _ring.Length;
            }
        }

        /// <summary>The latest destination.Length returns, oldest first.</summary>
        public void CopyLatest(Span<double> destination)
        {
            var skip = Count - destination.Length;
            for (var i = 0; i < destination.Length; i++) destination[i] = _ring[(_start + skip + i) % _ring.Length];
        }

        public void Restore(PersistedSeries snap)
        {
            LastPrice = snap.LastPrice;
            LastTimestamp = snap.LastTimestamp;
            UpdatedAt = snap.UpdatedAt;
            var from = Math.Max(0, snap.Returns.Length - _ring.Length);
            for (var i = from; i < snap.Returns.Length; i++) Push(snap.Returns[i]);
        }
    }
}
