using NeoLight.Agents.Market;
using NeoLight.Agents.Peers;
using NeoLight.Contracts;
using NeoLight.ServiceDefaults;

namespace NeoLight.Agents.Trading;

/// <summary>
/// The trader's loop, one tick per <see cref="AgentOptions.TickInterval"/>: move the market, send prices to
/// the risk engine, read allocations, vet each proposed order with the risk engine before filling it on
/// paper, evaluate the whole book, report decisions (batched, kept until the dashboard takes them) and
/// the regime. Without the risk engine no order is filled: the breaker is open and trading waits.
/// </summary>
public sealed partial class TraderAgent(TradingDesk desk, IMarketFeed feed, IServiceProvider services, ILogger<TraderAgent> logger)
    : PeriodicAgent(logger)
{
    private const int MaxPending = 20_000;
    private static readonly System.Diagnostics.Metrics.Counter<long> Orders =
        NeoLightInstruments.Meter.CreateCounter<long>("neolight.trader.orders", description: "Orders by outcome");
    private readonly Peer _risk = Peer.Create(services, PeerClients.RiskEngine);
    private readonly Peer _dashboard = Peer.Create(services, PeerClients.Dashboard);
    private readonly List<DecisionDto> _pending = [];
    private string? _lastRegime;
    private int _regimeAge;

    public long Ticks { get; private set; }
    public long Approved { get; private set; }
    public long Rejected { get; private set; }
    public long Skipped { get; private set; }
    public string? LastRejection { get; private set; }
    public bool FeedEnded { get; private set; }
    public string? Regime => _lastRegime;
    public IReadOnlyDictionary<string, string> Breakers => new Dictionary<string, string>
    {
        ["quote_state"] = FeedEnded ? "OPEN" : "CLOSED",
        ["trade_state"] = _risk.Breaker.State,
        ["risk_engine"] = _risk.Breaker.State,
        ["dashboard"] = _dashboard.Breaker.State,
    };

    protected override TimeSpan Interval => desk.Options.TickInterval;

    public override Task RunOnceAsync(CancellationToken cancellationToken) => TickAsync(cancellationToken);

    public async Task TickAsync(CancellationToken ct)
    {
        // One trace per tick: prices, vetting, fills, evaluation and reporting, across the three services.
        using var activity = NeoLightInstruments.ActivitySource.StartActivity("trader.tick");
        var tick = feed.Next();
        if (tick is null)
        {
            if (!FeedEnded) LogFeedEnded();
            FeedEnded = true;
            return;
        }
        Ticks++;
        desk.Observe(tick);

        var prices = new PricesRequest { Prices = [.. tick.Prices.Select(p => new PriceObservationDto { Symbol = p.Key, Price = p.Value,
            Timestamp = tick.Time })] };
        await _risk.PostAsync("/risk/prices", prices, Json.PricesRequest, Json.PricesResponse, ct);

        if (Ticks % 5 == 1)
        {
            var allocations = await _dashboard.GetAsync("/governor/allocations", Json.AllocationsDto, ct);
            if (allocations is not null) desk.SetAllocations(allocations.Allocations);
        }

        foreach (var order in desk.ProposeOrders()) await VetAndFillAsync(order, ct);

        var equity = desk.Equity;
        await _risk.PostAsync("/risk/evaluate", new RiskEvaluateRequest
        {
            Positions = desk.Positions(),
            PortfolioValue = equity,
            HorizonDays = TimeSpan.FromDays(1) / desk.Options.MarketStep, // the engine's history is one step per return
        }, Json.RiskEvaluateRequest, Json.RiskEvaluateResponse, ct);

        await ReportRegimeAsync(ct);
        await FlushDecisionsAsync(ct);
    }

    private async Task VetAndFillAsync(ProposedOrder order, CancellationToken ct)
    {
        using var activity = NeoLightInstruments.ActivitySource.StartActivity("trader.order");
        activity?.SetTag("neolight.agent", order.Strategy.Agent);
        activity?.SetTag("neolight.symbol", order.Symbol);
        activity?.SetTag("neolight.side", order.SignedQuantity > 0 ? "buy" : "sell");
        var verdict = await _risk.PostAsync("/risk/validate", new TradeValidationRequest
        {
            Symbol = order.Symbol,
            Side = order.SignedQuantity > 0 ? "buy" : "sell",
            Quantity = Math.Abs(order.SignedQuantity),
            Price = order.Price,
            PortfolioValue = desk.Equity,
            CurrentPositions = desk.Positions(),
            CurrentDrawdown = desk.Guardian.Drawdown,
            Agent = order.Strategy.Agent,
        }, Json.TradeValidationRequest, Json.TradeValidationResponse, ct);

        if (verdict is null)
        {
            // No answer is no approval: nothing is filled without the risk engine.
            Skipped++;
            activity?.SetTag("neolight.outcome", "unvetted");
            Orders.Add(1, new KeyValuePair<string, object?>("outcome", "unvetted"));
            return;
        }
        if (verdict.Approved)
        {
            Approved++;
            activity?.SetTag("neolight.outcome", "filled");
            Orders.Add(1, new KeyValuePair<string, object?>("outcome", "filled"));
            Add(desk.Fill(order));
        }
        else
        {
            Rejected++;
            LastRejection = verdict.Reason;
            activity?.SetTag("neolight.outcome", "rejected");
            activity?.AddEvent(new System.Diagnostics.ActivityEvent("rejected", tags: new() { ["reason"] = verdict.Reason }));
            Orders.Add(1, new KeyValuePair<string, object?>("outcome", "rejected"));
            Add(desk.Rejected(order, verdict.Reason, verdict.Checks.FirstOrDefault(c => !c.Passed)?.Name));
        }
    }

    private void Add(DecisionDto decision)
    {
        _pending.Add(decision);
        if (_pending.Count > MaxPending)
        {
            // The dashboard has been away for a long time: keep the newest, say so.
            LogDroppingOldest(_pending.Count - MaxPending);
            _pending.RemoveRange(0, _pending.Count - MaxPending);
        }
    }

    private async Task FlushDecisionsAsync(CancellationToken ct)
    {
        while (_pending.Count > 0)
        {
            var batch = _pending.Take(1000).ToList();
            var stored = await _dashboard.PostAsync("/meta/performance", new DecisionBatchDto { Decisions = [.. batch] },
                Json.DecisionBatchDto, Json.AcceptedResponse, ct);
            if (stored is null) return; // kept for the next tick
            _pending.RemoveRange(0, batch.Count);
        }
    }

    private async Task ReportRegimeAsync(CancellationToken ct)
    {
        var reading = desk.Regime.Classify();
        _regimeAge++;
        if (reading.Regime == _lastRegime && _regimeAge < 20) return;
        var stored = await _dashboard.PostAsync("/meta/regime", new RegimeDto
        {
            Regime = reading.Regime,
            RiskMultiplier = reading.RiskMultiplier,
            Timestamp = desk.MarketTime,
            Extra = new()
            {
                ["trend"] = System.Text.Json.JsonSerializer.SerializeToElement(Math.Round(reading.Trend, 4), Json.Double),
                ["volatility"] = System.Text.Json.JsonSerializer.SerializeToElement(Math.Round(reading.Volatility, 4), Json.Double),
            },
        }, Json.RegimeDto, Json.AcceptedResponse, ct);
        if (stored is null) return;
        _lastRegime = reading.Regime;
        _regimeAge = 0;
    }

    private static NeoLightJsonContext Json => NeoLightJsonContext.Default;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The market feed has ended; no more ticks")]
    private partial void LogFeedEnded();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard unreachable too long: dropping the {Count} oldest unsent decisions")]
    private partial void LogDroppingOldest(int count);
}
