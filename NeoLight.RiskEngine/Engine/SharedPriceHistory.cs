using System.Data;
using Npgsql;
using NpgsqlTypes;
using NeoLight.Storage;

using NeoLight.Risk;

namespace NeoLight.RiskEngine.Engine;

/// <summary>
/// The price history of replicas that share PostgreSQL. Recording is serialised across replicas by an advisory lock:
/// inside it a replica first brings its memory to the stored state (the series changed since its clock, symbols evicted
/// elsewhere), records the batch there — the same <see cref="PriceHistory"/> rules, so returns, staleness and eviction
/// agree everywhere — writes what changed, moves the stored clock and notifies; the 2xx follows the commit. The other
/// replicas apply the changed series when notified. If a write fails, the memory is rebuilt from the database.
/// </summary>
public sealed partial class SharedPriceHistory : BackgroundService, IPriceRecorder
{
    public const string Channel = "neolight_risk_prices";
    private const long LockKey = 7439202;

    /// <summary>Versioned schema of the "risk-prices" component; a new step is appended, never edited.</summary>
    /// <summary>Its tables, migrated by the migration step (SharedDatabaseMigration).</summary>
    public static DatabaseSchema Schema => new("risk-prices", Migrations);

    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE risk_price_series (
          symbol text PRIMARY KEY, clock bigint NOT NULL, price double precision NOT NULL, at_ticks bigint NOT NULL);
        CREATE TABLE risk_price_returns (
          symbol text NOT NULL, clock bigint NOT NULL, value double precision NOT NULL, PRIMARY KEY (symbol, clock));
        CREATE TABLE risk_price_clock (id integer PRIMARY KEY CHECK (id = 1), clock bigint NOT NULL);
        INSERT INTO risk_price_clock(id, clock) VALUES (1, 0);
        """,
    ];

    private readonly NpgsqlDataSource _dataSource;
    private readonly RiskDesk _desk;
    private readonly int _window;
    private readonly ILogger<SharedPriceHistory> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _stale = true;

    public SharedPriceHistory(NpgsqlDataSource dataSource, RiskDesk desk, int window, ILogger<SharedPriceHistory> logger)
    {
        _dataSource = dataSource;
        _desk = desk;
        _window = window;
        _logger = logger;
    }

    public async Task<(int Recorded, int Stale)> RecordAsync(IReadOnlyList<(string Symbol, double Price, DateTimeOffset? Timestamp)> prices,
        CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var lockAll = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey});", connection, transaction))
                await lockAll.ExecuteNonQueryAsync(cancellationToken);
            await SyncAsync(connection, transaction, cancellationToken);
            var (recorded, stale, changes) = _desk.RecordPrices(prices);
            _stale = true; // until the commit below succeeds, memory holds what the database may not
            if (changes.Count > 0)
            {
                await WriteAsync(connection, transaction, changes, _desk.History.Clock, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            _stale = false;
            return (recorded, stale);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Brings memory to the stored state (called under the advisory lock, or in a snapshot when notified).</summary>
    private async Task SyncAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        long stored;
        await using (var clock = new NpgsqlCommand("SELECT clock FROM risk_price_clock WHERE id = 1;", connection, transaction))
            stored = (long)(await clock.ExecuteScalarAsync(cancellationToken))!;
        var since = _stale ? -1 : _desk.History.Clock;
        if (!_stale && stored == since) return;

        var symbols = new HashSet<string>(StringComparer.Ordinal);
        var changed = new Dictionary<string, PriceHistory.PersistedSeries>(StringComparer.Ordinal);
        await using (var series = new NpgsqlCommand("SELECT symbol, clock, price, at_ticks FROM risk_price_series;", connection,
            transaction))
        await using (var reader = await series.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var symbol = reader.GetString(0);
                symbols.Add(symbol);
                if (reader.GetInt64(1) <= since) continue;
                changed[symbol] = new PriceHistory.PersistedSeries
                {
                    UpdatedAt = reader.GetInt64(1), LastPrice = reader.GetDouble(2),
                    LastTimestamp = new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                };
            }
        }
        if (changed.Count > 0)
        {
            var returns = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            await using var rows = new NpgsqlCommand(
                "SELECT symbol, value FROM risk_price_returns WHERE symbol = ANY($1) ORDER BY symbol, clock;", connection, transaction);
            rows.Parameters.Add(new NpgsqlParameter { Value = changed.Keys.ToArray(),
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            await using var reader = await rows.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var symbol = reader.GetString(0);
                if (!returns.TryGetValue(symbol, out var list)) returns[symbol] = list = [];
                list.Add(reader.GetDouble(1));
            }
            foreach (var (symbol, list) in returns) changed[symbol].Returns = [.. list];
        }
        _desk.History.Apply(changed, symbols, stored);
        _stale = false;
    }

    /// <summary>The changes as the SQLite store writes them, in one round trip; then the clock, then the notification.</summary>
    private async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<PriceChange> changes, long clock,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (change.Evicted)
            {
                Add(batch, "DELETE FROM risk_price_series WHERE symbol = $1 AND clock < $2;", change.Symbol, change.Clock);
                Add(batch, "DELETE FROM risk_price_returns WHERE symbol = $1 AND clock < $2;", change.Symbol, change.Clock);
                continue;
            }
            Add(batch, """
                INSERT INTO risk_price_series(symbol, clock, price, at_ticks) VALUES ($1, $2, $3, $4)
                ON CONFLICT (symbol) DO UPDATE SET clock = excluded.clock, price = excluded.price, at_ticks = excluded.at_ticks
                WHERE excluded.clock > risk_price_series.clock;
                """, change.Symbol, change.Clock, change.Price, change.Timestamp.UtcTicks);
            if (change.Return is { } value)
            {
                Add(batch, "INSERT INTO risk_price_returns(symbol, clock, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING;",
                    change.Symbol, change.Clock, value);
                touched.Add(change.Symbol);
            }
        }
        foreach (var symbol in touched)
            Add(batch, """
                DELETE FROM risk_price_returns WHERE symbol = $1 AND clock <=
                  (SELECT clock FROM risk_price_returns WHERE symbol = $1 ORDER BY clock DESC LIMIT 1 OFFSET $2);
                """, symbol, _window);
        Add(batch, "UPDATE risk_price_clock SET clock = $1 WHERE id = 1;", clock);
        batch.BatchCommands.Add(SharedDatabase.Notify(Channel, clock.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add(NpgsqlBatch batch, string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        batch.BatchCommands.Add(command);
    }

    /// <summary>Reads what other replicas committed, in one consistent snapshot.</summary>
    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            await SyncAsync(connection, transaction, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The history as the database has it before the first request is served.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // A database that is away at start does not stop the engine (SharedDatabaseMigration.TryReadAtStartAsync).
        if (await SharedDatabaseMigration.TryReadAtStartAsync(Migrated, CatchUpAsync, cancellationToken) is { } failure)
            LogNotReadAtStart(failure);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Completes when the shared database's schema is migrated (the start waits for it, within a bound).</summary>
    public Task Migrated { get; init; } = Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared price history could not be read at start; it is read again when needed")]
    private partial void LogNotReadAtStart(Exception ex);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        SharedDatabase.ListenAsync(_dataSource, Channel, (_, ct) => CatchUpAsync(ct), LogListenFailed, stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Listening for other replicas' prices failed; retrying in 1 s (recording still syncs first)")]
    private partial void LogListenFailed(Exception ex);
}
