using NeoLight.Agents.Market;

namespace NeoLight.Agents.Trading;

/// <summary>
/// The trading core, a deterministic function of its inputs: market step → strategies → orders → verdicts → fills → books.
/// <see cref="StepAsync"/> runs a step live (or in a backtest) and returns what it did as a <see cref="StepRecord"/>;
/// <see cref="Replay"/> applies a recorded step through the same code, so a journal rebuilds the same books bit for bit.
/// The counters a user sees (ticks, orders by outcome, decisions, regime reports) live here too, so they are rebuilt with it.
/// </summary>
public sealed class TradingEngine(TradingDesk desk)
{
    /// <summary>A regime is reported when it changes, and at least every this many steps.</summary>
    public const int RegimeReportEvery = 20;

    public TradingDesk Desk { get; } = desk;

    /// <summary>The three strategy agents on fresh books over <paramref name="symbols"/>.</summary>
    public static TradingEngine Create(IReadOnlyList<string> symbols, AgentOptions options) =>
        new(new TradingDesk([new Strategies.MomentumStrategy(), new Strategies.MeanReversionStrategy(), new Strategies.BreakoutStrategy()],
            symbols, options));
    public MarketTick? LastTick { get; private set; }
    public long Ticks { get; private set; }
    public long Approved { get; private set; }
    public long Rejected { get; private set; }
    public long Skipped { get; private set; }
    public string? LastRejection { get; private set; }
    /// <summary>The number of the last decision (filled or rejected order) of the session.</summary>
    public long Decisions { get; private set; }
    public long RegimeReports { get; private set; }
    public string? LastRegime { get; private set; }
    public int RegimeAge { get; private set; }

    public async Task<StepRecord> StepAsync(MarketTick tick, IReadOnlyDictionary<string, double>? allocations, IOrderVetter vetter,
        CancellationToken cancellationToken)
    {
        var guardian = Begin(tick, allocations);
        var orders = new List<OrderEvent>();
        foreach (var order in Desk.ProposeOrders())
        {
            var verdict = await vetter.VetAsync(order, Desk, cancellationToken);
            var outcome = verdict is null ? OrderOutcome.Unvetted : verdict.Approved ? OrderOutcome.Filled : OrderOutcome.Rejected;
            var realized = outcome == OrderOutcome.Filled
                ? Desk.Fill(order.Strategy.Agent, order.Symbol, order.SignedQuantity, order.Price).RealizedPnl : 0;
            var recorded = new OrderEvent(order.Strategy.Agent, order.Strategy.Name, order.Symbol, order.SignedQuantity, order.Price,
                outcome, verdict is { Approved: false } ? verdict.Reason : null, verdict is { Approved: false } ? verdict.Check : null,
                realized, outcome == OrderOutcome.Unvetted ? 0 : Decisions + 1, tick.Time);
            Count(recorded);
            orders.Add(recorded);
        }
        var regime = NextRegimeReport();
        if (regime is not null) Reported(regime);
        return new StepRecord(tick, allocations is null ? null : new Dictionary<string, double>(allocations), orders, guardian, regime);
    }

    /// <summary>The start of a session on a market already under way: its last tick seen, nothing traded.</summary>
    public void Carry(MarketTick? tick)
    {
        if (tick is null) return;
        Desk.Observe(tick);
        LastTick = tick;
    }

    /// <summary>Applies a journaled step: the same tick, allocations and fills, in the same order, through the same code.</summary>
    public void Replay(StepRecord record)
    {
        Begin(record.Tick, record.Allocations);
        foreach (var order in record.Orders)
        {
            if (order.Outcome == OrderOutcome.Filled) Desk.Fill(order.Agent, order.Symbol, order.Quantity, order.Price);
            Count(order);
        }
        if (record.Regime is not null) Reported(record.Regime);
    }

    private GuardianEvent? Begin(MarketTick tick, IReadOnlyDictionary<string, double>? allocations)
    {
        var paused = Desk.Guardian.IsPaused;
        Desk.Observe(tick);
        if (allocations is not null) Desk.SetAllocations(allocations);
        LastTick = tick;
        Ticks++;
        RegimeAge++;
        return Desk.Guardian.IsPaused == paused ? null
            : new GuardianEvent(Desk.Guardian.IsPaused, Desk.Guardian.Drawdown, Desk.Guardian.Reason);
    }

    private void Count(OrderEvent order)
    {
        switch (order.Outcome)
        {
            case OrderOutcome.Filled: Approved++; break;
            case OrderOutcome.Rejected:
                Rejected++;
                LastRejection = order.Reason;
                break;
            default: Skipped++; break;
        }
        if (order.Decision > 0) Decisions = order.Decision;
    }

    private RegimeEvent? NextRegimeReport()
    {
        var reading = Desk.Regime.Classify();
        if (reading.Regime == LastRegime && RegimeAge < RegimeReportEvery) return null;
        return new RegimeEvent(reading.Regime, reading.RiskMultiplier, Math.Round(reading.Trend, 4), Math.Round(reading.Volatility, 4),
            Desk.MarketTime, RegimeReports + 1);
    }

    private void Reported(RegimeEvent regime)
    {
        LastRegime = regime.Regime;
        RegimeAge = 0;
        RegimeReports = regime.Report;
    }

    /// <summary>Everything the engine remembers: what a snapshot stores, and what two runs compare to prove determinism.</summary>
    public TraderState Capture() => new(Desk.Capture(LastTick), Ticks, Approved, Rejected, Skipped, LastRejection, Decisions,
        RegimeReports, LastRegime, RegimeAge);

    public void Restore(TraderState state)
    {
        Desk.Restore(state.Desk);
        LastTick = state.Desk.LastTick;
        (Ticks, Approved, Rejected, Skipped, LastRejection) = (state.Ticks, state.Approved, state.Rejected, state.Skipped,
            state.LastRejection);
        (Decisions, RegimeReports, LastRegime, RegimeAge) = (state.Decisions, state.RegimeReports, state.LastRegime, state.RegimeAge);
    }
}

/// <summary>The trader's whole state at a step: the desk and the counters (a snapshot in the journal).</summary>
public sealed record TraderState(DeskState Desk, long Ticks, long Approved, long Rejected, long Skipped, string? LastRejection,
    long Decisions, long RegimeReports, string? LastRegime, int RegimeAge);
