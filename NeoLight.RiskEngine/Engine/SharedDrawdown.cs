using Npgsql;
using NeoLight.Risk;
using NeoLight.Storage;

namespace NeoLight.RiskEngine.Engine;

/// <summary>
/// The drawdown trackers of replicas that share PostgreSQL: one row per live book, to which each evaluation adds its portfolio
/// value in a single atomic upsert (the same rule as <see cref="DrawdownTracker.Add"/>), so the peak and the worst drawdown
/// count every replica's values. A validation checks against a tracker read within the last <see cref="Lease"/>.
/// </summary>
public sealed class SharedDrawdown : IDrawdownStore
{
    public static readonly TimeSpan Lease = SharedKillSwitch.Lease;

    /// <summary>Versioned schema of the "risk-drawdown" component; a new step is appended, never edited.</summary>
    /// <summary>Its tables, migrated by the migration step (SharedDatabaseMigration).</summary>
    public static DatabaseSchema Schema => new("risk-drawdown", Migrations);

    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE risk_drawdown (
          id integer PRIMARY KEY CHECK (id = 1), peak double precision NOT NULL, last double precision NOT NULL,
          max_drawdown_pct double precision NOT NULL, count bigint NOT NULL);
        INSERT INTO risk_drawdown(id, peak, last, max_drawdown_pct, count) VALUES (1, 0, 0, 0, 0);
        """,
        // Books have names: one row each (the single tracker before them becomes the legacy book's).
        """
        CREATE TABLE risk_book_drawdown (
          book text PRIMARY KEY, peak double precision NOT NULL, last double precision NOT NULL,
          max_drawdown_pct double precision NOT NULL, count bigint NOT NULL);
        INSERT INTO risk_book_drawdown(book, peak, last, max_drawdown_pct, count)
          SELECT 'default', peak, last, max_drawdown_pct, count FROM risk_drawdown WHERE count > 0;
        """,
    ];

    private const string Add = """
        INSERT INTO risk_book_drawdown AS d(book, peak, last, max_drawdown_pct, count) VALUES ($2, GREATEST($1, 0), $1, 0, 1)
        ON CONFLICT (book) DO UPDATE SET count = d.count + 1, last = $1, peak = GREATEST(d.peak, $1),
          max_drawdown_pct = GREATEST(d.max_drawdown_pct,
            CASE WHEN GREATEST(d.peak, $1) > 0 THEN GREATEST(0, (GREATEST(d.peak, $1) - $1) / GREATEST(d.peak, $1) * 100) ELSE 0 END)
        RETURNING peak, last, max_drawdown_pct, count;
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly RiskDesk _desk;
    private readonly TimeProvider _time;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _readAt = new(StringComparer.Ordinal);

    public SharedDrawdown(NpgsqlDataSource dataSource, RiskDesk desk, TimeProvider time)
    {
        _dataSource = dataSource;
        _desk = desk;
        _time = time;
        LoadAll();
    }

    /// <summary>Every book's tracker as the replicas left it, at start.</summary>
    private void LoadAll()
    {
        using var command = _dataSource.CreateCommand("SELECT book, peak, last, max_drawdown_pct, count FROM risk_book_drawdown;");
        using var reader = command.ExecuteReader();
        while (reader.Read())
            _desk.ApplyDrawdown(reader.GetString(0),
                new DrawdownTracker(reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetInt64(4)));
    }

    public async ValueTask<DrawdownTracker?> AddAsync(string bookName, double portfolioValue, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(Add);
        command.Parameters.Add(new NpgsqlParameter { Value = portfolioValue });
        command.Parameters.Add(new NpgsqlParameter { Value = bookName });
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>Without a name, the validation checks the book the desk evaluated last (the original's single tracker).</summary>
    public async ValueTask EnsureCurrentAsync(string? bookName, CancellationToken cancellationToken)
    {
        var name = bookName ?? _desk.LastBookName;
        if (name is null) return;
        if (_readAt.TryGetValue(name, out var at) && _time.GetElapsedTime(at) < Lease) return;
        var started = _time.GetTimestamp();
        await using var command = _dataSource.CreateCommand(
            "SELECT peak, last, max_drawdown_pct, count FROM risk_book_drawdown WHERE book = $1;");
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        if (await ReadAsync(command, cancellationToken) is { } tracker) _desk.ApplyDrawdown(name, tracker);
        else _desk.ResetBook(name);
        _readAt[name] = started;
    }

    public async ValueTask ResetAsync(string bookName, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("DELETE FROM risk_book_drawdown WHERE book = $1;");
        command.Parameters.Add(new NpgsqlParameter { Value = bookName });
        await command.ExecuteNonQueryAsync(cancellationToken);
        _readAt.TryRemove(bookName, out _);
    }

    private static async Task<DrawdownTracker?> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new DrawdownTracker(reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetInt64(3));
    }
}
