using Npgsql;
using NeoLight.Risk;
using NeoLight.ServiceDefaults;

namespace NeoLight.RiskEngine.Engine;

/// <summary>
/// The drawdown tracker of replicas that share PostgreSQL: one row, to which each evaluation adds its portfolio value in a
/// single atomic UPDATE (the same rule as <see cref="DrawdownTracker.Add"/>), so the peak and the worst drawdown count every
/// replica's values. A validation checks against a tracker read within the last <see cref="Lease"/>.
/// </summary>
public sealed class SharedDrawdown : IDrawdownStore
{
    public static readonly TimeSpan Lease = SharedKillSwitch.Lease;

    /// <summary>Versioned schema of the "risk-drawdown" component; a new step is appended, never edited.</summary>
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE risk_drawdown (
          id integer PRIMARY KEY CHECK (id = 1), peak double precision NOT NULL, last double precision NOT NULL,
          max_drawdown_pct double precision NOT NULL, count bigint NOT NULL);
        INSERT INTO risk_drawdown(id, peak, last, max_drawdown_pct, count) VALUES (1, 0, 0, 0, 0);
        """,
    ];

    private const string Add = """
        UPDATE risk_drawdown SET count = count + 1, last = $1, peak = GREATEST(peak, $1),
          max_drawdown_pct = GREATEST(max_drawdown_pct,
            CASE WHEN GREATEST(peak, $1) > 0 THEN GREATEST(0, (GREATEST(peak, $1) - $1) / GREATEST(peak, $1) * 100) ELSE 0 END)
        WHERE id = 1 RETURNING peak, last, max_drawdown_pct, count;
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly RiskDesk _desk;
    private readonly TimeProvider _time;
    private long _readAt;

    public SharedDrawdown(NpgsqlDataSource dataSource, RiskDesk desk, TimeProvider time)
    {
        _dataSource = dataSource;
        _desk = desk;
        _time = time;
        SharedDatabase.MigrateAsync(_dataSource, "risk-drawdown", Migrations).GetAwaiter().GetResult();
        RefreshAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    public async ValueTask<DrawdownTracker?> AddAsync(double portfolioValue, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(Add);
        command.Parameters.Add(new NpgsqlParameter { Value = portfolioValue });
        return await ReadAsync(command, cancellationToken);
    }

    public async ValueTask EnsureCurrentAsync(CancellationToken cancellationToken)
    {
        var at = Interlocked.Read(ref _readAt);
        if (at != 0 && _time.GetElapsedTime(at) < Lease) return;
        await RefreshAsync(cancellationToken);
    }

    private async ValueTask RefreshAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        await using var command = _dataSource.CreateCommand("SELECT peak, last, max_drawdown_pct, count FROM risk_drawdown WHERE id = 1;");
        _desk.ApplyDrawdown(await ReadAsync(command, cancellationToken));
        Interlocked.Exchange(ref _readAt, started);
    }

    private static async Task<DrawdownTracker> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new DrawdownTracker(reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetInt64(3));
    }
}
