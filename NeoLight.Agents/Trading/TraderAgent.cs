using System.Data.Common;
using NeoLight.Agents.Journal;
using NeoLight.Agents.Market;
using NeoLight.Agents.Peers;
using NeoLight.Contracts;
using NeoLight.ServiceDefaults;

namespace NeoLight.Agents.Trading;

/// <summary>
/// The trader's live loop, one market step per <see cref="AgentOptions.TickInterval"/>: move the market, send prices to the
/// risk engine, read allocations every 5 steps, vet each proposed order with the risk engine and fill it on paper
/// (<see cref="TradingEngine"/>), journal the step, and only then show it (status), evaluate the book and deliver the
/// decisions and regime from the journal (<see cref="ReportOutbox"/>).
/// Crash-only: at start the engine is rebuilt from the journal and the market carries on after the last journaled step; a
/// step that could not be journaled is thrown away with everything in memory and rebuilt from the journal the same way.
/// </summary>
public sealed partial class TraderAgent : PeriodicAgent
{
    private readonly AgentOptions _options;
    private readonly IMarketFeed _feed;
    private readonly TraderJournal _journal;
    private readonly Peer _risk;
    private readonly Peer _dashboard;
    private readonly RiskEngineVetter _vetter;
    private readonly ReportOutbox _outbox;
    private readonly ILogger<TraderAgent> _logger;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private TradingEngine _engine;
    private TraderStatusDto? _status;
    private TraderRestoreDto? _restore;
    private bool _stale = true;

    public TraderAgent(AgentOptions options, IMarketFeed feed, TraderJournal journal, IServiceProvider services,
        ILogger<TraderAgent> logger) : base(logger)
    {
        _options = options;
        _feed = feed;
        _journal = journal;
        _logger = logger;
        _risk = Peer.Create(services, PeerClients.RiskEngine);
        _dashboard = Peer.Create(services, PeerClients.Dashboard);
        _vetter = new RiskEngineVetter(_risk, options.Book);
        _outbox = new ReportOutbox(journal);
        _engine = TradingEngine.Create(feed.Symbols, options);
    }

    public bool FeedEnded { get; private set; }

    protected override TimeSpan Interval => _options.TickInterval;

    /// <summary>
    /// Rebuilds the books from the journal before the host starts answering. A journal that cannot be read (its database is
    /// away) does not stop the trader: it starts, answers 503 for its status, and rebuilds at the next step that can.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        TryRebuild();
        return base.StartAsync(cancellationToken);
    }

    public override Task RunOnceAsync(CancellationToken cancellationToken) => TickAsync(cancellationToken);

    /// <summary>
    /// What <c>GET /agent/status</c> shows: the state as of the last journaled step, and the breakers as they are now; null
    /// while the journal has never been read.
    /// </summary>
    public TraderStatusDto? Status()
    {
        if (Volatile.Read(ref _status) is not { } status) return null;
        return new TraderStatusDto
        {
            Guardian = status.Guardian, Mode = status.Mode, MarketTime = status.MarketTime, Equity = status.Equity, Ticks = status.Ticks,
            OrdersApproved = status.OrdersApproved, OrdersRejected = status.OrdersRejected, OrdersSkipped = status.OrdersSkipped,
            AgentEquity = status.AgentEquity, Allocations = status.Allocations, Regime = status.Regime,
            LastRejection = status.LastRejection, Session = status.Session, Step = status.Step, Decisions = status.Decisions,
            Restored = status.Restored,
            Breakers = new Dictionary<string, string>
            {
                ["quote_state"] = FeedEnded ? "OPEN" : "CLOSED",
                ["trade_state"] = _risk.Breaker.State,
                ["risk_engine"] = _risk.Breaker.State,
                ["dashboard"] = _dashboard.Breaker.State,
            },
        };
    }

    public async Task TickAsync(CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        try
        {
            await StepAsync(ct);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>
    /// Starts a new paper-trading session: the risk engine forgets the book's drawdown, then the journal starts a session with
    /// fresh books on the market as it stands (prices carry on, so no service remembers a market another forgot). Null when
    /// the risk engine could not be told: then nothing changed.
    /// </summary>
    public async Task<string?> ResetAsync(string reason, CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        try
        {
            if (_stale && !TryRebuild()) return null;
            if (await _risk.PostAsync("/risk/reset", new BookResetRequest { Book = _options.Book }, Json.BookResetRequest,
                    Json.RiskStateResponse, ct) is null) return null;
            string session;
            try
            {
                session = _journal.Reset(_engine.LastTick, reason);
            }
            catch (Exception ex) when (IsStoreFailure(ex))
            {
                LogJournalUnavailable(ex);
                return null;
            }
            TryRebuild(); // else at the next step: the session has started
            LogReset(session);
            await _outbox.FlushAsync(_dashboard, ct);
            return session;
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task StepAsync(CancellationToken ct)
    {
        // One trace per step: prices, vetting, fills, evaluation and reporting, across the three services.
        using var activity = NeoLightInstruments.ActivitySource.StartActivity("trader.tick");
        // After a failed commit (or a start without the journal) memory may be ahead of the journal: nothing trades until the
        // journal has been read again.
        if (_stale && !TryRebuild()) return;
        var tick = _feed.Next();
        if (tick is null)
        {
            if (!FeedEnded) LogFeedEnded();
            FeedEnded = true;
            await _outbox.FlushAsync(_dashboard, ct);
            return;
        }

        var prices = new PricesRequest { Prices = [.. tick.Prices.Select(p => new PriceObservationDto { Symbol = p.Key, Price = p.Value,
            Timestamp = tick.Time })] };
        await _risk.PostAsync("/risk/prices", prices, Json.PricesRequest, Json.PricesResponse, ct);

        IReadOnlyDictionary<string, double>? allocations = null;
        if (_engine.Ticks % 5 == 0 && await _dashboard.GetAsync("/governor/allocations", Json.AllocationsDto, ct) is { } read)
            allocations = read.Allocations ?? [];

        var record = await _engine.StepAsync(tick, allocations, _vetter, ct);
        try
        {
            _journal.Commit(record, _engine);
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            // Nothing of this step was shown: forget it and carry on from what the journal holds (now, or once it answers).
            LogCommitFailed(ex, tick.Step);
            _stale = true;
            TryRebuild();
            return;
        }
        Publish();

        var desk = _engine.Desk;
        await _risk.PostAsync("/risk/evaluate", new RiskEvaluateRequest
        {
            Book = _options.Book,
            Positions = desk.Positions(),
            PortfolioValue = desk.Equity,
            HorizonDays = TimeSpan.FromDays(1) / _options.MarketStep, // the engine's history is one step per return
        }, Json.RiskEvaluateRequest, Json.RiskEvaluateResponse, ct);

        await _outbox.FlushAsync(_dashboard, ct);
    }

    private static bool IsStoreFailure(Exception ex) => ex is DbException or IOException or TimeoutException;

    /// <summary><see cref="Rebuild"/>, or false (logged) while the journal cannot be read; the trader stays stale meanwhile.</summary>
    private bool TryRebuild()
    {
        try
        {
            Rebuild();
            _stale = false;
            return true;
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            LogJournalUnavailable(ex);
            return false;
        }
    }

    /// <summary>A fresh engine rebuilt from the journal, and the market carried on from its last step.</summary>
    private void Rebuild()
    {
        var engine = TradingEngine.Create(_feed.Symbols, _options);
        var restored = _journal.Restore(engine);
        _engine = engine;
        _restore = new TraderRestoreDto
        {
            Session = restored.Session, Step = restored.Step, MarketTime = engine.LastTick?.Time, Equity = engine.Desk.Equity,
            Ticks = engine.Ticks, Decisions = engine.Decisions, Replayed = restored.Replayed, FromSnapshot = restored.FromSnapshot,
            Milliseconds = Math.Round(restored.Took.TotalMilliseconds, 3),
        };
        _feed.ResumeAfter(engine.LastTick);
        FeedEnded = false;
        _outbox.Reload();
        Publish();
        LogRestored(restored.Session, restored.Step, restored.Replayed, restored.FromSnapshot, restored.Took.TotalMilliseconds);
    }

    private void Publish()
    {
        var desk = _engine.Desk;
        Volatile.Write(ref _status, new TraderStatusDto
        {
            Guardian = new GuardianDto { IsPaused = desk.Guardian.IsPaused, Drawdown = Math.Round(desk.Guardian.Drawdown, 6),
                Reason = desk.Guardian.Reason },
            Breakers = [],
            Mode = "PAPER",
            MarketTime = desk.MarketTime,
            Equity = Math.Round(desk.Equity, 2),
            Ticks = _engine.Ticks,
            OrdersApproved = _engine.Approved,
            OrdersRejected = _engine.Rejected,
            OrdersSkipped = _engine.Skipped,
            AgentEquity = desk.Books.ToDictionary(b => b.Key, b => Math.Round(b.Value.Equity(desk.Prices), 2)),
            Allocations = desk.Strategies.ToDictionary(s => s.Agent, s => desk.AllocationOf(s.Agent)),
            Regime = _engine.LastRegime,
            LastRejection = _engine.LastRejection,
            Session = _journal.Session,
            Step = _engine.LastTick?.Step ?? 0,
            Decisions = _engine.Decisions,
            Restored = _restore,
        });
    }

    private static NeoLightJsonContext Json => NeoLightJsonContext.Default;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The market feed has ended; no more ticks")]
    private partial void LogFeedEnded();

    [LoggerMessage(Level = LogLevel.Error, Message = "The journal cannot be read; no trading until it answers (retried every step)")]
    private partial void LogJournalUnavailable(Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Step {Step} could not be journaled; rebuilding from the journal")]
    private partial void LogCommitFailed(Exception ex, long step);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Session {Session} at step {Step}: {Replayed} steps replayed (from a snapshot: {FromSnapshot}) in {Milliseconds:0.0} ms")]
    private partial void LogRestored(string session, long step, int replayed, bool fromSnapshot, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Paper trading reset: new session {Session}")]
    private partial void LogReset(string session);
}
