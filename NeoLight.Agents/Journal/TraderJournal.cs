using NeoLight.Agents.Market;
using NeoLight.Agents.Trading;

namespace NeoLight.Agents.Journal;

/// <summary>What a restore found: the session, how many steps it replayed after the snapshot, and the last step it knows.</summary>
public sealed record RestoreResult(string Session, bool FromSnapshot, int Replayed, long Step, TimeSpan Took);

/// <summary>
/// The trader's durable authority: every step is appended (one transaction) before any of it is visible outside the trader;
/// every <see cref="SnapshotEvery"/> steps the engine's state goes with it, so a restart loads the newest snapshot and
/// replays only the steps after it — restart time is bounded whatever the journal's length.
/// </summary>
public sealed class TraderJournal(IJournalStore store, int snapshotEvery, TimeProvider time) : IDisposable
{
    private const int ReplayPage = 2_000;

    public IJournalStore Store => store;
    /// <summary>The session being continued (set by <see cref="Restore"/>).</summary>
    public string Session { get; private set; } = "";
    public long LastSeq { get; private set; }

    /// <summary>Rebuilds <paramref name="engine"/> (fresh) from the newest snapshot and the events after it; starts a session when
    /// the journal has none.</summary>
    public RestoreResult Restore(TradingEngine engine)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Session = store.CurrentSession() ?? NewSession();
        var snapshot = store.LatestSnapshot(Session);
        var after = 0L;
        if (snapshot is { } s)
        {
            engine.Restore(JournalCodec.ReadSnapshot(s.Body));
            after = s.Seq;
        }
        var replayed = 0;
        while (true)
        {
            var page = store.Read(Session, after, ReplayPage);
            if (page.Count == 0) break;
            // A page may end inside a step: the last step is replayed with the next page.
            var lastStep = page.Count == ReplayPage ? page[^1].Step : long.MaxValue;
            var complete = page.TakeWhile(e => e.Step < lastStep || lastStep == long.MaxValue).ToList();
            if (complete.Count == 0) complete = page; // one step larger than a page: read on until it ends
            replayed += Replay(engine, complete);
            after = complete[^1].Seq;
        }
        LastSeq = after;
        return new RestoreResult(Session, snapshot is not null, replayed, engine.LastTick?.Step ?? 0, clock.Elapsed);
    }

    /// <summary>
    /// Applies whole steps of a session's journal to <paramref name="engine"/>, in order; returns how many. A session's first
    /// event says what market it carries on from; the steps follow it.
    /// </summary>
    public static int Replay(TradingEngine engine, IReadOnlyList<JournalEntry> entries)
    {
        foreach (var start in entries.TakeWhile(e => e.Kind == JournalCodec.Session))
            engine.Carry(JournalCodec.ReadSession(start).Carried);
        var steps = 0;
        foreach (var step in JournalCodec.Decode(entries.SkipWhile(e => e.Kind == JournalCodec.Session)))
        {
            engine.Replay(step);
            steps++;
        }
        return steps;
    }

    /// <summary>Journals a step, with a snapshot when one is due; durable when it returns.</summary>
    public void Commit(StepRecord record, TradingEngine engine)
    {
        var snapshot = engine.Ticks % snapshotEvery == 0 ? JournalCodec.Snapshot(engine.Capture()) : null;
        LastSeq = store.Append(Session, JournalCodec.Encode(record), snapshot);
    }

    /// <summary>
    /// Starts a new session (a reset) on the market as it stands at <paramref name="carried"/>: the next <see cref="Restore"/>
    /// rebuilds fresh books from there.
    /// </summary>
    public string Reset(MarketTick? carried, string reason)
    {
        Session = NewSession(carried, reason);
        LastSeq = 0;
        return Session;
    }

    private string NewSession(MarketTick? carried = null, string reason = "first start")
    {
        var now = time.GetUtcNow();
        var session = $"{now:yyyyMMdd'T'HHmmss}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";
        store.StartSession(session, now);
        store.Append(session, [JournalCodec.Encode(new SessionEvent(session, now, reason, carried))], null);
        return session;
    }

    public void Dispose() => store.Dispose();
}
