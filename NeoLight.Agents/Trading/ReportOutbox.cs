using System.Text.Json;
using NeoLight.Agents.Journal;
using NeoLight.Agents.Peers;
using NeoLight.Contracts;

namespace NeoLight.Agents.Trading;

/// <summary>
/// Delivers what the dashboard stores — decisions and regime reports — from the journal, in journal order, each with a stable
/// id (session + number). The dashboard stores an id once, so sending again after a crash (of the trader or the dashboard) adds
/// nothing; what was journaled is delivered however long the dashboard is away (nothing is dropped).
/// </summary>
public sealed class ReportOutbox(TraderJournal journal)
{
    private const int Batch = 1_000;
    private long _reportedThrough = -1;

    /// <summary>Sends everything journaled and not yet delivered; stops at the first refusal (the rest waits for the next call).</summary>
    public async Task FlushAsync(Peer dashboard, CancellationToken ct)
    {
        var store = journal.Store;
        if (_reportedThrough < 0) _reportedThrough = store.ReportedThrough(journal.Session);
        while (true)
        {
            var entries = store.Read(journal.Session, _reportedThrough, Batch, JournalCodec.Reported);
            if (entries.Count == 0) return;
            var decisions = new List<DecisionDto?>();
            foreach (var entry in entries)
            {
                if (entry.Kind == JournalCodec.Session)
                {
                    if (!await SendAsync(dashboard, decisions, ct)) return;
                    var started = JournalCodec.ReadSession(entry);
                    var marker = new SessionDto
                    {
                        Session = started.Session, StartedAt = started.StartedAt, MarketTime = started.Carried?.Time,
                        Reason = started.Reason,
                    };
                    if (await dashboard.PostAsync("/meta/session", marker, Json.SessionDto, Json.AcceptedResponse, ct) is null) return;
                }
                else if (entry.Kind == JournalCodec.Regime)
                {
                    // Decisions before a regime report go first, so the cursor never passes an undelivered one.
                    if (!await SendAsync(dashboard, decisions, ct)) return;
                    var regime = JournalCodec.ReadRegime(entry);
                    var report = Regime(regime, journal.Session);
                    if (await dashboard.PostAsync("/meta/regime", report, Json.RegimeDto, Json.AcceptedResponse, ct) is null) return;
                }
                else decisions.Add(Decision(JournalCodec.ReadOrder(entry), journal.Session));
            }
            if (!await SendAsync(dashboard, decisions, ct)) return;
            _reportedThrough = entries[^1].Seq;
            store.Reported(journal.Session, _reportedThrough);
        }
    }

    /// <summary>Forgets the cursor (a new session, or a store that failed): it is read again from the journal.</summary>
    public void Reload() => _reportedThrough = -1;

    private static async Task<bool> SendAsync(Peer dashboard, List<DecisionDto?> decisions, CancellationToken ct)
    {
        if (decisions.Count == 0) return true;
        var stored = await dashboard.PostAsync("/meta/performance", new DecisionBatchDto { Decisions = [.. decisions] },
            Json.DecisionBatchDto, Json.AcceptedResponse, ct);
        decisions.Clear();
        return stored is not null;
    }

    public static DecisionDto Decision(OrderEvent order, string session) => new()
    {
        Id = $"{session}-{order.Decision}",
        Session = session,
        Sequence = order.Decision,
        Agent = order.Agent,
        Strategy = order.Strategy,
        Symbol = order.Symbol,
        Side = order.Side,
        Quantity = Math.Abs(order.Quantity),
        Price = order.Price,
        Pnl = order.RealizedPnl,
        Timestamp = order.Time,
        Status = order.Outcome == OrderOutcome.Rejected ? "rejected" : null,
        Reason = order.Reason,
        Check = order.Check,
    };

    public static RegimeDto Regime(RegimeEvent regime, string session) => new()
    {
        Id = $"{session}-r{regime.Report}",
        Regime = regime.Regime,
        RiskMultiplier = regime.RiskMultiplier,
        Timestamp = regime.Time,
        Extra = new()
        {
            ["trend"] = JsonSerializer.SerializeToElement(regime.Trend, Json.Double),
            ["volatility"] = JsonSerializer.SerializeToElement(regime.Volatility, Json.Double),
        },
    };

    private static NeoLightJsonContext Json => NeoLightJsonContext.Default;
}
