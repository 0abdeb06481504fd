using Aspire.Hosting;
using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace NeoLight.AppHost.Extensions;

/// <summary>
/// <c>--Storage=postgres</c>: the dashboard and the risk engine share one PostgreSQL database (<c>neolight-db</c>) and run
/// as several replicas. Which server: <c>--ConnectionStrings:neolight-db=…</c> names an existing one; else, where a
/// container runtime answers (and always in the published manifest), Aspire's own <c>AddPostgres</c>; else Debian's
/// PostgreSQL binaries run as an executable resource on a data directory in the state folder, as the postgres user.
/// Without the setting (or with <c>sqlite</c>) everything stays embedded.
/// </summary>
public static class SharedStorageExtensions
{
    public const string StorageSetting = "Storage";
    public const string DatabaseName = "neolight-db";
    public const int DefaultPostgresPort = 5433;

    public static IResourceBuilder<IResourceWithConnectionString>? AddSharedStorage(this IDistributedApplicationBuilder builder,
        string state)
    {
        var storage = builder.Configuration[StorageSetting];
        if (string.IsNullOrWhiteSpace(storage) || storage.Equals("sqlite", StringComparison.OrdinalIgnoreCase)) return null;
        if (!storage.Equals("postgres", StringComparison.OrdinalIgnoreCase) && !storage.Equals("postgresql",
            StringComparison.OrdinalIgnoreCase))
            throw new DistributedApplicationException($"{StorageSetting}='{storage}' must be 'sqlite' (the default) or 'postgres'.");

        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"ConnectionStrings:{DatabaseName}"]))
            return builder.AddConnectionString(DatabaseName);
        if (builder.ExecutionContext.IsPublishMode || ContainerRuntimeAnswers())
            return builder.AddPostgres("postgres").WithDataVolume().AddDatabase(DatabaseName, "neolight");
        return builder.AddLocalPostgres(state);
    }

    /// <summary>Debian's server (apt-get install postgresql) on <c>state/postgres</c>, port <c>Resources:postgres:Port</c>
    /// (5433).</summary>
    private static IResourceBuilder<IResourceWithConnectionString> AddLocalPostgres(this IDistributedApplicationBuilder builder,
        string state)
    {
        var bin = LocalPostgres.ServerBinaries() ?? throw new DistributedApplicationException(
            "--Storage=postgres found no container runtime and no PostgreSQL server in /usr/lib/postgresql: apt-get install postgresql, "
            + $"or name a server with --ConnectionStrings:{DatabaseName}=\"Host=…;Username=…;Password=…;Database=…\".");
        var key = "Resources:postgres:Port";
        var port = DefaultPostgresPort;
        if (builder.Configuration[key] is { Length: > 0 } raw && (!int.TryParse(raw, out port) || port is < 1 or > 65535))
            throw new DistributedApplicationException($"{key}='{raw}' is not a TCP port (1-65535).");

        var data = Path.Combine(state, "postgres");
        var asRoot = Environment.UserName == "root";
        if (builder.ExecutionContext.IsRunMode) LocalPostgres.Initialize(bin, data, asRoot);

        // The server refuses to run as root: then it runs as the postgres user (runuser). It must never outlive the
        // AppHost, whatever ends the resource: a watcher gives it a fast shutdown (SIGINT: it closes the services' idle
        // connections instead of waiting for them) when its launcher or the AppHost is gone or a stop signal comes.
        var script = $"""
            '{Path.Combine(bin, "postgres")}' -D '{data}' -p {port} -k '{data}' -c listen_addresses=127.0.0.1 & pg=$!
            ( while [ -d /proc/$PPID ] && [ -d /proc/{Environment.ProcessId} ]; do sleep 0.5; done; kill -INT $pg ) & watcher=$!
            trap 'kill -INT $pg' TERM INT
            wait $pg; wait $pg; status=$?; kill $watcher 2>/dev/null; exit $status
            """;
        var postgres = (asRoot
                ? builder.AddExecutable("postgres", "runuser", data, "-u", "postgres", "--", "/bin/sh", "-c", script)
                : builder.AddExecutable("postgres", "/bin/sh", data, "-c", script))
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: "tcp", isProxied: false)
            .WithHealthCheck("postgres-ready")
            .WithRestartPolicy(); // a crash of the server (kill -9 of the postmaster) is a restart on the same data, as for the services

        var connectionString = $"Host=127.0.0.1;Port={port};Username=neolight;Database=neolight";
        builder.Services.AddHealthChecks().AddAsyncCheck("postgres-ready", async cancellationToken =>
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString + ";Timeout=2");
                await connection.OpenAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        });
        var endpoint = postgres.GetEndpoint("tcp");
        return builder.AddConnectionString(DatabaseName, ReferenceExpression.Create(
            $"Host=127.0.0.1;Port={endpoint.Property(EndpointProperty.Port)};Username=neolight;Database=neolight"));
    }

    /// <summary>Whether docker or podman has a daemon to talk to (the CLI alone is not enough).</summary>
    private static bool ContainerRuntimeAnswers()
    {
        foreach (var cli in new[] { "docker", "podman" })
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(cli, ["info"]) { RedirectStandardOutput = true,
                    RedirectStandardError = true })!;
                _ = process.StandardOutput.ReadToEndAsync();
                _ = process.StandardError.ReadToEndAsync();
                if (process.WaitForExit(5_000) && process.ExitCode == 0) return true;
                if (!process.HasExited) process.Kill();
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed
            }
        }
        return false;
    }
}
