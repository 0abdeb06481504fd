using NeoLight.Storage;
using NeoLight.Dashboard.Ingestion;

namespace NeoLight.Dashboard.Storage;

/// <summary>
/// Listens on <see cref="PostgresDashboardStore.Channel"/>: when another replica commits, this one re-reads the newest
/// record of each kind and its counts, and its live page updates — PostgreSQL pushes the change, nobody polls. After a
/// lost connection it reconnects and re-reads once, so nothing committed meanwhile is missed.
/// </summary>
public sealed partial class RecordNotifications(PostgresDashboardStore store, LatestState latest, ILogger<RecordNotifications> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        SharedDatabase.ListenAsync(store.DataSource, PostgresDashboardStore.Channel, (payloads, _) =>
        {
            Handle(payloads);
            return Task.CompletedTask;
        }, LogListenFailed, stoppingToken);

    /// <summary>Null (just connected): everything is read again. Else "&lt;replica&gt; &lt;kind&gt;:&lt;added&gt;,…" per commit, or
    /// "&lt;replica&gt; recount".</summary>
    private void Handle(IReadOnlyList<string>? payloads)
    {
        if (payloads is null)
        {
            latest.Reload(store);
            return;
        }
        var added = new Dictionary<RecordKind, int>();
        var recount = false;
        foreach (var payload in payloads)
        {
            var parts = payload.Split(' ', 2);
            if (parts.Length != 2 || parts[0] == store.ReplicaId) continue;
            if (parts[1] == RecountWord) { recount = true; continue; }
            foreach (var item in parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries))
                if (item.Split(':') is [var kind, var count] && int.TryParse(kind, out var k) && int.TryParse(count, out var n)
                    && Enum.IsDefined((RecordKind)k))
                    added[(RecordKind)k] = added.GetValueOrDefault((RecordKind)k) + n;
        }
        if (recount) latest.Recount(store);
        if (added.Count == 0) return;
        // Only the newest record of each kind that changed is read; the counts grow by what the other replica said.
        var batch = new Dictionary<RecordKind, (StoredRecord Newest, int Added)>();
        foreach (var (kind, count) in added)
            if (store.Page(kind, 1) is [var newest]) batch[kind] = (newest, count);
        latest.Committed(batch);
    }

    private const string RecountWord = "recount";

    /// <summary>The notification of a committed batch: the replica, then each kind with how many records it added.</summary>
    public static string Added(string replica, IReadOnlyList<NewRecord> records) =>
        replica + " " + string.Join(",", records.GroupBy(r => r.Kind).Select(g => $"{(int)g.Key}:{g.Count()}"));

    public static string Recount(string replica) => replica + " " + RecountWord;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for other replicas' commits failed; retrying in 1 s")]
    private partial void LogListenFailed(Exception ex);
}
