namespace NeoLight.Dashboard.Storage;

/// <summary>
/// Copies the SQLite WAL into the database beside the ingestion writer (whose own automatic checkpoint is off), so that no
/// waiting request pays for it: every <see cref="Interval"/> after a commit, a <c>PASSIVE</c> checkpoint, which never holds
/// up the writer. (Not <c>RESTART</c>, which holds up the writer's next commit until it is done: tried, 10.0 k posts/s where
/// passive checkpoints gave 13 k.) What it could not copy the writer catches up (<see cref="SqliteDashboardStore.CatchUpPages"/>).
/// </summary>
public sealed partial class SqliteCheckpointer(SqliteDashboardStore store, TimeProvider time, ILogger<SqliteCheckpointer> logger)
    : BackgroundService
{
    /// <summary>Often enough that the writer's catch-up finds little left to copy.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private long _copiedAt;
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) CheckpointWhenDue();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: closing the last connection checkpoints what is left.
        }
    }

    /// <summary>Checkpoints when something was committed since the last complete one; returns what the last step found.</summary>
    internal WalCheckpoint? CheckpointWhenDue()
    {
        var commits = store.Commits;
        if (commits == _copiedAt) return null;
        try
        {
            var result = store.Checkpoint();
            // Anything left (committed while it ran, or held by a reader) is copied at the next tick even without a commit.
            if (!result.Busy && result.CopiedPages == result.LogPages) _copiedAt = commits;
            _failing = false;
            return result;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException)
        {
            // A full disk or a vanished file costs this tick only (said once, not ten times a second); the writer's commits
            // report the store's health.
            if (!_failing) LogCheckpointFailed(ex);
            _failing = true;
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The WAL could not be copied into the database; it is tried again every 100 ms")]
    private partial void LogCheckpointFailed(Exception ex);
}
