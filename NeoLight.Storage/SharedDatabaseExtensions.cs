using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace NeoLight.Storage;

/// <summary>A component's tables: the migrations that build them, in order (see <see cref="SharedDatabase.MigrateAsync"/>).</summary>
public sealed record DatabaseSchema(string Component, IReadOnlyList<string> Migrations);

public static class SharedDatabaseExtensions
{
    /// <summary>
    /// When <c>ConnectionStrings__neolight-db</c> is set: the service's one <see cref="NpgsqlDataSource"/>, from Aspire's
    /// Npgsql integration (its health check in /health, its traces and metrics), and true; else nothing, and false.
    /// </summary>
    public static bool AddSharedDatabase(this IHostApplicationBuilder builder)
    {
        if (SharedDatabase.ConnectionString(builder.Configuration) is null) return false;
        AddDataSource(builder);
        builder.Services.AddSingleton<SharedDatabaseMigration>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SharedDatabaseMigration>());
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration("schema",
            sp => sp.GetRequiredService<SharedDatabaseMigration>(), failureStatus: null, tags: null));
        return true;
    }

    // Its own method, not inlined: the JIT loads Aspire.Npgsql and Npgsql only when a shared database is configured, not in
    // every embedded (SQLite) run.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void AddDataSource(IHostApplicationBuilder builder) => builder.AddNpgsqlDataSource(SharedDatabase.ConnectionName);

    /// <summary>Declares tables the migration step (<see cref="SharedDatabaseMigration"/>) brings to their newest version.</summary>
    public static IServiceCollection AddDatabaseSchema(this IServiceCollection services, DatabaseSchema schema) =>
        services.AddSingleton(schema);

}
