using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace NeoLight.Storage;

/// <summary>
/// The migration step: every declared schema, each in its own locked transaction, run beside the service rather than
/// before it. While the database cannot be reached it tries again each second; the service meanwhile starts, stays alive
/// (<c>/alive</c>), answers what needs the database with 503 (a store failure) and is not ready (<c>/health</c>: this check
/// is Unhealthy) — it becomes ready when the database answers, with no restart and no exit.
/// </summary>
public sealed partial class SharedDatabaseMigration(NpgsqlDataSource dataSource, IEnumerable<DatabaseSchema> schemas,
    ILogger<SharedDatabaseMigration> logger) : BackgroundService, IHealthCheck
{
    private readonly TaskCompletionSource _migrated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string _waiting = "not migrated yet";

    /// <summary>Completes once every schema is at its newest version.</summary>
    public Task Migrated => _migrated.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                foreach (var schema in schemas)
                    await SharedDatabase.MigrateAsync(dataSource, schema.Component, schema.Migrations, stoppingToken);
                _migrated.TrySetResult();
                return;
            }
            catch (Exception ex) when (ex is DbException or SocketException or IOException or TimeoutException
                                       && !stoppingToken.IsCancellationRequested)
            {
                _waiting = ex.Message;
                LogWaiting(attempt, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    /// <summary>How long a start-time read waits for the migration before the service starts without it.</summary>
    public static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A read of shared state before a service answers: after the migration (waited for within <see cref="StartPatience"/>).
    /// A database that is away does not stop the start: the failure is returned for the caller to log, and what needs the
    /// database answers 503 until it is back. Null when the read was done.
    /// </summary>
    public static async Task<Exception?> TryReadAtStartAsync(Task migrated, Func<CancellationToken, Task> read,
        CancellationToken cancellationToken)
    {
        try
        {
            await migrated.WaitAsync(StartPatience, cancellationToken);
            await read(cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is DbException or TimeoutException or SocketException)
        {
            return ex;
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Migrated.IsCompletedSuccessfully
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"the shared database is not migrated yet: {_waiting}"));

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared database cannot be migrated yet (attempt {Attempt}): {Reason}; "
        + "trying again in 1 s")]
    private partial void LogWaiting(int attempt, string reason);
}
