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
        var another = false;
        connection.Notification += (_, e) => another |= e.Payload != store.ReplicaId;
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresDashboardStore.Channel};", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        latest.Reload(store);
        while (!stoppingToken.IsCancellationRequested)
        {
            await connection.WaitAsync(stoppingToken);
            if (!another) continue;
            another = false;
            latest.Reload(store);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for other replicas' commits failed; retrying in 1 s")]
    private partial void LogListenFailed(Exception ex);
}
