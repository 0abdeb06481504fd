using NeoLight.Agents.Market;

namespace NeoLight.Agents.Trading;

public enum OrderOutcome { Filled, Rejected, Unvetted }

/// <summary>
/// One proposed order with the risk engine's verdict and, when filled, the P&amp;L the fill realised. <see cref="Decision"/> numbers
/// the filled and rejected ones (what the dashboard stores) from 1 in a session; an unvetted order is not a decision (0).
/// </summary>
public sealed record OrderEvent(string Agent, string Strategy, string Symbol, double Quantity, double Price, OrderOutcome Outcome,
    string? Reason, string? Check, double RealizedPnl, long Decision, DateTimeOffset? Time)
{
    public string Side => Quantity > 0 ? "buy" : "sell";
}

/// <summary>A regime the trader reports (when it changes, and every 20 steps), numbered from 1 in a session.</summary>
public sealed record RegimeEvent(string Regime, double RiskMultiplier, double Trend, double Volatility, DateTimeOffset? Time, long Report);

/// <summary>The guardian paused or resumed trading in this step (derived from the market and the books; journaled to be read).</summary>
public sealed record GuardianEvent(bool IsPaused, double Drawdown, string Reason);

/// <summary>The verdict of the risk checks on one order: null from a vetter means nobody answered.</summary>
public sealed record OrderVerdict(bool Approved, string? Reason, string? Check);

/// <summary>
/// Everything one market step changed, in the order it happened: the tick consumed, the allocations read (null: unchanged),
/// each order with its verdict, the guardian's change and the regime reported. The trader journals it in one transaction
/// before anything of it is visible outside; replaying the records in order rebuilds the trader exactly.
/// </summary>
public sealed record StepRecord(MarketTick Tick, Dictionary<string, double>? Allocations, List<OrderEvent> Orders, GuardianEvent? Guardian,
    RegimeEvent? Regime);

/// <summary>
/// The first event of a paper-trading session: its id, when it started and why, and the market tick it carries on from (null
/// for the first session: the market starts with it). Books, counters and the guardian start fresh; the market does not.
/// </summary>
public sealed record SessionEvent(string Session, DateTimeOffset StartedAt, string Reason, MarketTick? Carried);
