using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace NeoLight.Storage;

/// <summary>A component's tables: the migrations that build them, in order (see <see cref="SharedDatabase.MigrateAsync"/>).</summary>
public sealed record DatabaseSchema(string Component, IReadOnlyList<string> Migrations);

public static partial class SharedDatabaseExtensions
{
    /// <summary>
    /// When <c>ConnectionStrings__neolight-db</c> is set: the service's one <see cref="NpgsqlDataSource"/>, from Aspire's
    /// Npgsql integration (its health check in /health, its traces and metrics), and true; else nothing, and false.
    /// </summary>
    public static bool AddSharedDatabase(this IHostApplicationBuilder builder)
    {
        if (SharedDatabase.ConnectionString(builder.Configuration) is null) return false;
        builder.AddNpgsqlDataSource(SharedDatabase.ConnectionName);
        return true;
    }

    /// <summary>Declares tables the start-up step (<see cref="MigrateSharedDatabaseAsync"/>) brings to their newest version.</summary>
    public static IServiceCollection AddDatabaseSchema(this IServiceCollection services, DatabaseSchema schema) =>
        services.AddSingleton(schema);

    /// <summary>
    /// The migration step at start, before anything reads the database: every declared schema, each in its own locked
    /// transaction. While the database cannot be reached it waits and tries again each second (an outage delays the start,
    /// it never ends the process). Nothing to do without a shared database.
    /// </summary>
    public static async Task MigrateSharedDatabaseAsync(this IHost app)
    {
        if (app.Services.GetService<NpgsqlDataSource>() is not { } dataSource) return;
        var schemas = app.Services.GetServices<DatabaseSchema>().ToList();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SharedDatabase).FullName!);
        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                foreach (var schema in schemas)
                    await SharedDatabase.MigrateAsync(dataSource, schema.Component, schema.Migrations, stopping);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or IOException or TimeoutException
                                       && !stopping.IsCancellationRequested)
            {
                LogWaiting(logger, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stopping);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared database cannot be migrated yet (attempt {Attempt}): {Reason}; "
        + "trying again in 1 s")]
    private static partial void LogWaiting(ILogger logger, int attempt, string reason);
}
