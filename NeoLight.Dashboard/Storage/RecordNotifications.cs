using Npgsql;
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
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                LogListenFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(store.ConnectionString);
        await connection.OpenAsync(stoppingToken);
        var added = new Dictionary<RecordKind, int>();
        var recount = false;
        connection.Notification += (_, e) =>
        {
            // "<replica> <kind>:<added>,…" after a commit, "<replica> recount" after retention removed rows.
            var parts = e.Payload.Split(' ', 2);
            if (parts.Length != 2 || parts[0] == store.ReplicaId) return;
            if (parts[1] == RecountWord) { recount = true; return; }
            foreach (var item in parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries))
                if (item.Split(':') is [var kind, var count] && int.TryParse(kind, out var k) && int.TryParse(count, out var n)
                    && Enum.IsDefined((RecordKind)k))
                    added[(RecordKind)k] = added.GetValueOrDefault((RecordKind)k) + n;
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresDashboardStore.Channel};", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        latest.Reload(store);
        while (!stoppingToken.IsCancellationRequested)
        {
            await connection.WaitAsync(stoppingToken);
            if (recount)
            {
                recount = false;
                latest.Recount(store);
            }
            if (added.Count == 0) continue;
            // Only the newest record of each kind that changed is read; the counts grow by what the other replica said.
            var batch = new Dictionary<RecordKind, (StoredRecord Newest, int Added)>();
            foreach (var (kind, count) in added)
                if (store.Page(kind, 1) is [var newest]) batch[kind] = (newest, count);
            added.Clear();
            latest.Committed(batch);
        }
    }

    private const string RecountWord = "recount";

    /// <summary>The notification of a committed batch: the replica, then each kind with how many records it added.</summary>
    public static string Added(string replica, IReadOnlyList<(RecordKind Kind, DateTimeOffset ReceivedAt, string Payload)> records) =>
        replica + " " + string.Join(",", records.GroupBy(r => r.Kind).Select(g => $"{(int)g.Key}:{g.Count()}"));

    public static string Recount(string replica) => replica + " " + RecountWord;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for other replicas' commits failed; retrying in 1 s")]
    private partial void LogListenFailed(Exception ex);
}
