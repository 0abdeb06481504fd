using Microsoft.Extensions.Configuration;
using Npgsql;

namespace NeoLight.Storage;

/// <summary>
/// The PostgreSQL database services share when more than one replica runs: chosen by the Aspire-style connection
/// string <c>ConnectionStrings__neolight-db</c>; without it each service keeps its embedded SQLite default.
/// </summary>
public static class SharedDatabase
{
    public const string ConnectionName = "neolight-db";

    /// <summary>The connection string, or null when none is configured (the embedded default).</summary>
    public static string? ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionName) is { Length: > 0 } value ? value : null;

    /// <summary>
    /// <c>NOTIFY <paramref name="channel"/>, <paramref name="payload"/></c> inside the caller's transaction: listeners
    /// (<see cref="ListenAsync"/>) hear it only once the transaction commits, and never for a rolled-back one.
    /// </summary>
    public static NpgsqlCommand Notify(NpgsqlConnection connection, NpgsqlTransaction transaction, string channel, string payload) =>
        new(NotifySql, connection, transaction) { Parameters = { new() { Value = channel }, new() { Value = payload } } };

    /// <summary>The same NOTIFY as one command of a batch (which runs in one implicit transaction).</summary>
    public static NpgsqlBatchCommand Notify(string channel, string payload) =>
        new(NotifySql) { Parameters = { new() { Value = channel }, new() { Value = payload } } };

    private const string NotifySql = "SELECT pg_notify($1, $2);";

    /// <summary>Host, port and database of a connection string, without its credentials: what status pages may show.</summary>
    public static string Describe(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{b.Host}:{b.Port}/{b.Database}";
    }

    /// <summary>
    /// Brings <paramref name="component"/>'s tables to the newest version: each migration not yet recorded in
    /// <c>neolight_schema</c> runs, in order, in one transaction that holds an advisory lock, so replicas starting at
    /// once apply each step exactly once and a second start changes nothing.
    /// </summary>
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, string component, IReadOnlyList<string> migrations,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Execute(connection, "SELECT pg_advisory_xact_lock(7439201);", cancellationToken);
        await Execute(connection, """
            CREATE TABLE IF NOT EXISTS neolight_schema (
              component text NOT NULL,
              version integer NOT NULL,
              applied_at timestamptz NOT NULL DEFAULT now(),
              PRIMARY KEY (component, version));
            """, cancellationToken);
        await using var current = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM neolight_schema WHERE component = $1;",
            connection)
        {
            Parameters = { new() { Value = component } },
        };
        var applied = (int)(await current.ExecuteScalarAsync(cancellationToken))!;
        for (var version = applied + 1; version <= migrations.Count; version++)
        {
            await Execute(connection, migrations[version - 1], cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO neolight_schema(component, version) VALUES ($1, $2);", connection)
            {
                Parameters = { new() { Value = component }, new() { Value = version } },
            };
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Listens on <paramref name="channel"/> until stopped: <paramref name="handle"/> gets null once connected (again) — the
    /// moment to catch up on what may have been missed — then each batch of payloads that arrived together. A lost
    /// connection is reported to <paramref name="failed"/> and re-opened a second later.
    /// </summary>
    public static async Task ListenAsync(NpgsqlDataSource dataSource, string channel,
        Func<IReadOnlyList<string>?, CancellationToken, Task> handle, Action<Exception> failed, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                var received = new List<string>();
                connection.Notification += (_, e) => received.Add(e.Payload);
                await Execute(connection, $"LISTEN {channel};", stoppingToken);
                await handle(null, stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                    if (received.Count == 0) continue;
                    var batch = received.ToArray();
                    received.Clear();
                    await handle(batch, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                failed(ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
