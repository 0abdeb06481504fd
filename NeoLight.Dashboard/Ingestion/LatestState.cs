using NeoLight.Dashboard.Storage;

namespace NeoLight.Dashboard.Ingestion;

/// <summary>
/// The newest committed report of each kind, kept in memory so that reads of the current state never
/// touch the database, and a <see cref="Changed"/> signal for the live page. Updated only after commit.
/// </summary>
public sealed class LatestState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<RecordKind, StoredRecord> _latest = [];
    private readonly Dictionary<RecordKind, long> _counts = [];

    private volatile bool _loaded;

    public event Action? Changed;

    /// <summary>Whether the state was read from the store (false while a store that was away at start has not answered).</summary>
    public bool Loaded => _loaded;

    /// <summary>Reads the state unless it was read: before the first commit, so that counts go on from what is stored.</summary>
    public void EnsureLoaded(IDashboardStore store)
    {
        if (!_loaded) Load(store);
    }

    public void Load(IDashboardStore store)
    {
        foreach (var kind in Enum.GetValues<RecordKind>())
        {
            var newest = store.Page(kind, 1);
            lock (_gate)
            {
                if (newest.Count == 1) _latest[kind] = newest[0];
                _counts[kind] = store.Count(kind);
            }
        }
        _loaded = true;
    }

    public StoredRecord? Latest(RecordKind kind)
    {
        lock (_gate) return _latest.TryGetValue(kind, out var record) ? record : null;
    }

    public long Count(RecordKind kind)
    {
        lock (_gate) return _counts.GetValueOrDefault(kind);
    }

    /// <summary>Called by the writer after a commit with the newest record of each kind in the batch and how many were added.</summary>
    public void Committed(IReadOnlyDictionary<RecordKind, (StoredRecord Newest, int Added)> batch)
    {
        lock (_gate)
        {
            foreach (var (kind, (newest, added)) in batch)
            {
                _latest[kind] = newest;
                _counts[kind] = _counts.GetValueOrDefault(kind) + added;
            }
        }
        Changed?.Invoke();
    }

    /// <summary>Another replica committed: everything is read again and the live page told.</summary>
    public void Reload(IDashboardStore store)
    {
        Load(store);
        Changed?.Invoke();
    }

    /// <summary>After retention removed rows, the counts are read again.</summary>
    public void Recount(IDashboardStore store)
    {
        foreach (var kind in Enum.GetValues<RecordKind>())
        {
            var count = store.Count(kind);
            lock (_gate) _counts[kind] = count;
        }
    }
}
