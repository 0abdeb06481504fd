using NeoLight.Contracts;
using NeoLight.Risk;

namespace NeoLight.RiskEngine.Engine;

/// <summary>Settings of the engine's memory (README: RISK_HISTORY_WINDOW, RISK_MIN_HISTORY, RISK_MAX_SYMBOLS).</summary>
public sealed record RiskEngineOptions
{
    public int HistoryWindow { get; init; } = 500;
    public int MinHistory { get; init; } = 20;
    public int MaxSymbols { get; init; } = 1000;
    public string StatePath { get; init; } = "state/risk_state.json";
    /// <summary>The price history's database; by default beside the state file.</summary>
    public string PricesPath { get; init; } = "state/risk_prices.db";
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}

public sealed record EvaluationOutcome(RiskReport Report, double DrawdownPct, double MaxDrawdownPct, double RiskScore,
    DateTimeOffset Timestamp);

/// <summary>
/// The engine's one stateful part: evaluates books against the models and its own price history, vets
/// orders, and keeps the risk state (last figures, drawdown of the portfolio values it was sent, kill
/// switch) that <see cref="RiskStatePersister"/> writes to disk. Every change bumps <see cref="Version"/>.
/// Its price history is persisted apart, change by change, by <see cref="PriceHistoryStore"/>.
/// </summary>
public sealed class RiskDesk
{
    /// <summary>The name of the one drawdown a state file written before books had names kept.</summary>
    public const string LegacyBook = "default";

    private readonly Lock _gate = new();
    private readonly RiskLimits _limits;
    private readonly RiskEngineOptions _options;
    private readonly TimeProvider _time;
    private RiskStateDocument _state = new();
    // One drawdown per live book (account), by name; the state shows the last book evaluated.
    private readonly Dictionary<string, DrawdownTracker> _drawdowns = new(StringComparer.Ordinal);
    private string? _lastBookName;
    private Book _lastBook = Book.Empty;
    private long _version;

    public RiskDesk(RiskLimits limits, RiskEngineOptions options, TimeProvider time, RiskStateDocument? restored = null,
        IReadOnlyDictionary<string, PriceHistory.PersistedSeries>? prices = null)
    {
        _limits = limits;
        _options = options;
        _time = time;
        History = new PriceHistory(options.HistoryWindow, options.MaxSymbols, options.MinHistory);
        if (restored is not null) Restore(restored);
        if (prices is not null) History.Restore(prices);
    }

    public PriceHistory History { get; }
    public RiskLimits Limits => _limits;
    public long Version => Interlocked.Read(ref _version);

    /// <summary>The live book evaluated last (null before any).</summary>
    public string? LastBookName
    {
        get { lock (_gate) return _lastBookName; }
    }

    /// <summary>
    /// An evaluation of a book that is nobody's live account: the same figures, its drawdown from its own equity curve (or
    /// its value alone), and nothing recorded.
    /// </summary>
    public EvaluationOutcome WhatIf(Book book, double portfolioValue, RiskReport report, double[]? equityCurve)
    {
        var curve = equityCurve is { Length: > 0 } ? DrawdownTracker.Of(equityCurve) : DrawdownTracker.Of([portfolioValue]);
        var score = RiskScore.Compute(report.At99.VaR / portfolioValue, report.GrossExposure, curve.DrawdownPct / 100, _limits);
        return new EvaluationOutcome(report, curve.DrawdownPct, curve.MaxDrawdownPct, score, _time.GetUtcNow());
    }

    /// <summary>The book's figures, recording nothing; a book whose figures are not finite throws before anything is recorded.</summary>
    public RiskReport Assess(Book book, double portfolioValue, in EvaluationSettings settings, ReturnMatrix? requestReturns)
    {
        var (returns, source) = ModelInputs(book, requestReturns);
        var report = RiskEvaluator.Evaluate(book, portfolioValue, returns, source, settings, _limits.DefaultVolatility);
        if (!report.IsFinite()) throw new NonFiniteRiskException();
        return report;
    }

    /// <summary>
    /// Records an evaluation of the live book <paramref name="bookName"/>: the figures, the positions, and the portfolio value in
    /// that book's drawdown tracker — or, when replicas share it (<paramref name="sharedDrawdown"/>), the tracker as the
    /// database returned it with this value added.
    /// </summary>
    public EvaluationOutcome Record(string bookName, Book book, double portfolioValue, RiskReport report, double[]? equityCurve,
        DrawdownTracker? sharedDrawdown = null)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var drawdown = _drawdowns.GetValueOrDefault(bookName);
            if (sharedDrawdown is { } shared) drawdown = shared;
            else drawdown.Add(portfolioValue);
            _drawdowns[bookName] = drawdown;
            _lastBookName = bookName;
            var curve = equityCurve is { Length: > 0 } ? DrawdownTracker.Of(equityCurve) : drawdown;
            var score = RiskScore.Compute(report.At99.VaR / portfolioValue, report.GrossExposure, curve.DrawdownPct / 100, _limits);
            _lastBook = book;
            _state.Evaluations++;
            _state.LastUpdate = now;
            _state.VaR = report.AtConfidence.VaR;
            _state.CVaR = report.AtConfidence.CVaR;
            _state.VaR95 = report.At95.VaR;
            _state.VaR99 = report.At99.VaR;
            _state.TotalExposure = report.GrossExposure;
            _state.NetExposure = report.NetExposure;
            _state.ActivePositions = book.Positions.Count;
            _state.RiskScore = score;
            _state.Method = RiskNames.Of(report.Method);
            _version++;
            return new EvaluationOutcome(report, curve.DrawdownPct, curve.MaxDrawdownPct, score, now);
        }
    }

    /// <summary>
    /// Vets an order against <paramref name="currentBook"/> (null: the positions of the last evaluation), checking the drawdown
    /// given, else that tracked for <paramref name="bookName"/> (null: the last book evaluated). Changes nothing.
    /// </summary>
    public TradeVerdict Validate(Order order, double portfolioValue, Book? currentBook, double? maxDrawdown, double? currentDrawdown,
        string? bookName = null)
    {
        bool halted;
        string? haltReason;
        double engineDrawdown;
        Book book;
        lock (_gate)
        {
            halted = _state.Halted;
            haltReason = _state.HaltReason;
            var name = bookName ?? _lastBookName;
            engineDrawdown = name is null ? 0 : _drawdowns.GetValueOrDefault(name).DrawdownPct / 100;
            book = currentBook ?? _lastBook;
        }
        return PreTradeChecks.Validate(order, book, portfolioValue, History, _options.MinHistory, halted, haltReason,
            currentDrawdown ?? engineDrawdown, maxDrawdown ?? _limits.MaxDrawdown, _limits);
    }

    /// <summary>
    /// Records market prices; returns how many were taken, how many were ignored as stale, and the changes for the
    /// <see cref="PriceHistoryStore"/> (the price history is persisted there, not in the state document).
    /// </summary>
    public (int Recorded, int Stale, List<PriceChange> Changes) RecordPrices(
        IReadOnlyList<(string Symbol, double Price, DateTimeOffset? Timestamp)> prices)
    {
        var now = _time.GetUtcNow();
        int recorded = 0, stale = 0;
        var changes = new List<PriceChange>(prices.Count);
        foreach (var (symbol, price, timestamp) in prices)
        {
            if (History.Record(symbol, price, timestamp ?? now, changes) == PriceHistory.Outcome.Recorded) recorded++;
            else stale++;
        }
        return (recorded, stale, changes);
    }

    /// <summary>A book's shared drawdown tracker as another replica left it (validations check against it).</summary>
    public void ApplyDrawdown(string bookName, DrawdownTracker tracker)
    {
        lock (_gate)
        {
            if (_drawdowns.TryGetValue(bookName, out var held) && tracker.Count < held.Count) return; // an older read
            _drawdowns[bookName] = tracker;
            _version++;
        }
    }

    /// <summary>A new session of a live book: its drawdown is forgotten (the next evaluation starts a new peak).</summary>
    public void ResetBook(string bookName)
    {
        lock (_gate)
        {
            if (!_drawdowns.Remove(bookName)) return;
            if (_lastBookName == bookName) _lastBook = Book.Empty;
            _version++;
        }
    }

    public void SetHalted(bool halted, string? reason)
    {
        lock (_gate)
        {
            _state.Halted = halted;
            _state.HaltReason = halted ? reason ?? "kill switch engaged" : null;
            _version++;
        }
    }

    public RiskStateResponse State()
    {
        lock (_gate)
        {
            var drawdown = _lastBookName is null ? default : _drawdowns.GetValueOrDefault(_lastBookName);
            return new RiskStateResponse
            {
                Book = _lastBookName,
                TotalExposure = _state.TotalExposure,
                ActivePositions = _state.ActivePositions,
                VaR = _state.VaR,
                CVaR = _state.CVaR,
                Drawdown = drawdown.DrawdownPct,
                LastUpdate = _state.LastUpdate,
                VaR95 = _state.VaR95,
                VaR99 = _state.VaR99,
                Halted = _state.Halted,
                Evaluations = _state.Evaluations,
                MaxDrawdown = drawdown.MaxDrawdownPct,
                NetExposure = _state.NetExposure,
                RiskScore = _state.RiskScore,
                HaltReason = _state.HaltReason,
                PortfolioValue = drawdown.Last,
                PeakValue = drawdown.Peak,
                Method = _state.Method,
            };
        }
    }

    /// <summary>A copy of everything to persist, and the version it reflects.</summary>
    public (RiskStateDocument Document, long Version) CreateDocument()
    {
        lock (_gate)
        {
            var version = _version;
            var drawdown = _lastBookName is null ? default : _drawdowns.GetValueOrDefault(_lastBookName);
            var document = new RiskStateDocument
            {
                Book = _lastBookName,
                Books = _drawdowns.ToDictionary(d => d.Key, d => new BookDrawdownDocument
                {
                    PeakValue = d.Value.Peak, LastValue = d.Value.Last, MaxDrawdownPct = d.Value.MaxDrawdownPct, ValueCount = d.Value.Count,
                }),
                Evaluations = _state.Evaluations,
                LastUpdate = _state.LastUpdate,
                VaR = _state.VaR,
                CVaR = _state.CVaR,
                VaR95 = _state.VaR95,
                VaR99 = _state.VaR99,
                TotalExposure = _state.TotalExposure,
                NetExposure = _state.NetExposure,
                ActivePositions = _state.ActivePositions,
                RiskScore = _state.RiskScore,
                Method = _state.Method,
                Halted = _state.Halted,
                HaltReason = _state.HaltReason,
                PeakValue = drawdown.Peak,
                LastValue = drawdown.Last,
                MaxDrawdownPct = drawdown.MaxDrawdownPct,
                ValueCount = drawdown.Count,
                LastBook = [.. _lastBook.Positions.Select(p => new PositionDto { Symbol = p.Symbol, Quantity = p.Quantity,
                    Price = p.Price })],
            };
            return (document, version);
        }
    }

    private void Restore(RiskStateDocument document)
    {
        _state = document;
        foreach (var (name, d) in document.Books ?? [])
            _drawdowns[name] = new DrawdownTracker(d.PeakValue, d.LastValue, d.MaxDrawdownPct, d.ValueCount);
        // A state file from before books had names: its one tracker is the book it last evaluated.
        if (document.Books is null && document.ValueCount > 0)
            _drawdowns[document.Book ?? LegacyBook] =
                new DrawdownTracker(document.PeakValue, document.LastValue, document.MaxDrawdownPct, document.ValueCount);
        _lastBookName = document.Book ?? (_drawdowns.Count > 0 ? LegacyBook : null);
        _lastBook = new Book([.. document.LastBook
            .Where(p => p.Symbol is not null && p.Quantity is not null && p.Price is not null)
            .Select(p => new BookPosition(p.Symbol!, p.Quantity!.Value, p.Price!.Value))]);
        _state.Prices = null;
        _state.LastBook = [];
    }

    private (ReturnMatrix? Returns, ModelSource Source) ModelInputs(Book book, ReturnMatrix? requestReturns)
    {
        if (requestReturns is not null) return (requestReturns, ModelSource.Request);
        var history = History.Aligned(book.Symbols, _options.MinHistory);
        return history is not null ? (history, ModelSource.EngineHistory) : (null, ModelSource.Default);
    }
}
