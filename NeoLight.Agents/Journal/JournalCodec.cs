using System.Text.Json;
using NeoLight.Agents.Trading;

namespace NeoLight.Agents.Journal;

/// <summary>
/// A step as journal events and back (a session begins with a <c>session</c> event, read apart): <c>market</c> (the tick,
/// which is also the simulator's state), <c>allocations</c>,
/// one event per order by outcome (<c>fill</c>, <c>rejection</c>, <c>unvetted</c>), <c>guardian</c>, <c>regime</c>.
/// </summary>
public static class JournalCodec
{
    public const string Session = "session", Market = "market", Allocations = "allocations", Fill = "fill", Rejection = "rejection",
        Unvetted = "unvetted", Guardian = "guardian", Regime = "regime";

    /// <summary>What the outbox delivers to the dashboard.</summary>
    public static readonly string[] Reported = [Session, Fill, Rejection, Regime];

    private static JournalJson Json => JournalJson.Default;

    public static List<NewEntry> Encode(StepRecord record)
    {
        var step = record.Tick.Step;
        var events = new List<NewEntry>(2 + record.Orders.Count)
        {
            new(step, Market, JsonSerializer.Serialize(record.Tick, Json.MarketTick)),
        };
        if (record.Allocations is not null)
            events.Add(new(step, Allocations, JsonSerializer.Serialize(record.Allocations, Json.DictionaryStringDouble)));
        foreach (var order in record.Orders)
            events.Add(new(step, KindOf(order.Outcome), JsonSerializer.Serialize(order, Json.OrderEvent)));
        if (record.Guardian is not null) events.Add(new(step, Guardian, JsonSerializer.Serialize(record.Guardian, Json.GuardianEvent)));
        if (record.Regime is not null) events.Add(new(step, Regime, JsonSerializer.Serialize(record.Regime, Json.RegimeEvent)));
        return events;
    }

    /// <summary>The journal's events (in order) as steps; an event before the first market event is an error in the journal.</summary>
    public static IEnumerable<StepRecord> Decode(IEnumerable<JournalEntry> entries)
    {
        StepRecord? current = null;
        foreach (var entry in entries)
        {
            switch (entry.Kind)
            {
                case Market:
                    if (current is not null) yield return current;
                    current = new StepRecord(Read(entry, Json.MarketTick), null, [], null, null);
                    break;
                case Allocations:
                    current = At(current, entry) with { Allocations = Read(entry, Json.DictionaryStringDouble) };
                    break;
                case Fill or Rejection or Unvetted:
                    At(current, entry).Orders.Add(Read(entry, Json.OrderEvent));
                    break;
                case Guardian:
                    current = At(current, entry) with { Guardian = Read(entry, Json.GuardianEvent) };
                    break;
                case Regime:
                    current = At(current, entry) with { Regime = Read(entry, Json.RegimeEvent) };
                    break;
                default:
                    throw new InvalidDataException($"journal event {entry.Seq} has an unknown kind '{entry.Kind}'");
            }
        }
        if (current is not null) yield return current;
    }

    public static string KindOf(OrderOutcome outcome) => outcome switch
    {
        OrderOutcome.Filled => Fill,
        OrderOutcome.Rejected => Rejection,
        _ => Unvetted,
    };

    public static NewEntry Encode(SessionEvent session) =>
        new(session.Carried?.Step ?? 0, Session, JsonSerializer.Serialize(session, Json.SessionEvent));

    public static SessionEvent ReadSession(JournalEntry entry) => Read(entry, Json.SessionEvent);

    public static string Snapshot(TraderState state) => JsonSerializer.Serialize(state, Json.TraderState);

    public static TraderState ReadSnapshot(string body) =>
        JsonSerializer.Deserialize(body, Json.TraderState) ?? throw new InvalidDataException("the journal's snapshot is empty");

    public static OrderEvent ReadOrder(JournalEntry entry) => Read(entry, Json.OrderEvent);

    public static RegimeEvent ReadRegime(JournalEntry entry) => Read(entry, Json.RegimeEvent);

    private static StepRecord At(StepRecord? current, JournalEntry entry) =>
        current ?? throw new InvalidDataException($"journal event {entry.Seq} ({entry.Kind}) comes before any market step");

    private static T Read<T>(JournalEntry entry, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(entry.Body, type) ?? throw new InvalidDataException($"journal event {entry.Seq} is empty");
}
