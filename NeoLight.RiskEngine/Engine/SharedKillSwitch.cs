using Npgsql;
using NeoLight.Storage;

namespace NeoLight.RiskEngine.Engine;

/// <summary>
/// The kill switch of replicas that share PostgreSQL: one row, changed in a transaction that notifies every replica.
/// The promise: <b>a halt is in force on every replica before its 2xx is sent.</b> Each replica approves only on a flag
/// it confirmed from the database within the last <see cref="Lease"/> (a notification applies a change at once; a
/// validation after the lease re-reads the row first), and the replica that takes a halt answers only a lease after the
/// commit — by then no replica can still hold a confirmation from before it. A resume needs no wait: approving later
/// is safe. If the row cannot be read when the lease has run out, the order is not approved (503).
/// </summary>
public sealed partial class SharedKillSwitch : BackgroundService, IKillSwitch
{
    public static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(50);
    public const string Channel = "neolight_risk_kill_switch";

    /// <summary>Versioned schema of the "risk-kill-switch" component; a new step is appended, never edited.</summary>
    /// <summary>Its tables, migrated by the migration step (SharedDatabaseMigration).</summary>
    public static DatabaseSchema Schema => new("risk-kill-switch", Migrations);

    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE risk_kill_switch (
          id integer PRIMARY KEY CHECK (id = 1),
          halted boolean NOT NULL,
          reason text,
          version bigint NOT NULL,
          changed_at timestamptz NOT NULL DEFAULT now());
        INSERT INTO risk_kill_switch(id, halted, reason, version) VALUES (1, false, NULL, 0);
        """,
    ];

    private readonly NpgsqlDataSource _dataSource;
    private readonly RiskDesk _desk;
    private readonly TimeProvider _time;
    private readonly ILogger<SharedKillSwitch> _logger;
    private const long Never = 0;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly Lock _applyGate = new();
    private long _confirmedAt = Never;
    private long _appliedVersion = -1;

    public SharedKillSwitch(NpgsqlDataSource dataSource, RiskDesk desk, TimeProvider time, ILogger<SharedKillSwitch> logger)
    {
        _dataSource = dataSource;
        _desk = desk;
        _time = time;
        _logger = logger;
    }

    public async ValueTask EnsureCurrentAsync(CancellationToken cancellationToken)
    {
        if (IsConfirmed) return;
        await RefreshAsync(cancellationToken);
    }

    private bool IsConfirmed => Interlocked.Read(ref _confirmedAt) is var at && at != Never && _time.GetElapsedTime(at) < Lease;

    public async Task SetAsync(bool halted, string? reason, CancellationToken cancellationToken)
    {
        reason = halted ? reason ?? "kill switch engaged" : null;
        long version;
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using (var update = new NpgsqlCommand(
                "UPDATE risk_kill_switch SET halted = $1, reason = $2, version = version + 1, changed_at = now() "
                + "WHERE id = 1 RETURNING version;",
                connection, transaction))
            {
                update.Parameters.Add(new NpgsqlParameter { Value = halted });
                update.Parameters.Add(new NpgsqlParameter { Value = (object?)reason ?? DBNull.Value,
                    NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
                version = (long)(await update.ExecuteScalarAsync(cancellationToken))!;
            }
            await using (var notify = SharedDatabase.Notify(connection, transaction, Channel,
                             version.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                await notify.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        Apply(halted, reason, version);
        // Every other replica's confirmation from before the commit runs out within a lease: only then is the halt everywhere.
        if (halted) await Task.Delay(Lease, _time, cancellationToken);
    }

    /// <summary>Reads the row and applies it; the confirmation counts from when the read began (it may return the state of then).</summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (IsConfirmed) return;
            var started = _time.GetTimestamp();
            await using var read = _dataSource.CreateCommand("SELECT halted, reason, version FROM risk_kill_switch WHERE id = 1;");
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            Apply(reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2));
            Interlocked.Exchange(ref _confirmedAt, started);
        }
        finally
        {
            _refresh.Release();
        }
    }

    private void Apply(bool halted, string? reason, long version)
    {
        lock (_applyGate)
        {
            if (version <= _appliedVersion) return;
            _appliedVersion = version;
            _desk.SetHalted(halted, reason);
        }
    }

    /// <summary>Listens for other replicas' changes and applies each at once (re-reading the row, which is the truth).</summary>
    /// <summary>The switch as the database has it before the first request is served.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // A database that is away at start does not stop the engine (SharedDatabaseMigration.TryReadAtStartAsync).
        if (await SharedDatabaseMigration.TryReadAtStartAsync(Migrated, RefreshAsync, cancellationToken) is { } failure)
            LogNotReadAtStart(failure);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Completes when the shared database's schema is migrated (the start waits for it, within a bound).</summary>
    public Task Migrated { get; init; } = Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared kill switch could not be read at start; it is read again when needed")]
    private partial void LogNotReadAtStart(Exception ex);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        SharedDatabase.ListenAsync(_dataSource, Channel, (_, ct) => ForceRefreshAsync(ct), LogListenFailed, stoppingToken);

    private Task ForceRefreshAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _confirmedAt, Never);
        return RefreshAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Listening for kill-switch changes failed; retrying in 1 s (validations re-read the row)")]
    private partial void LogListenFailed(Exception ex);
}
