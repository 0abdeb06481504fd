using System.Diagnostics;
using Npgsql;
using NeoLight.AppHost.Extensions;
using NeoLight.Storage;

namespace NeoLight.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server from Debian's binaries (apt-get install postgresql): its own data directory under /tmp,
/// trust authentication on 127.0.0.1 and a free port, run as the postgres user when the tests run as root (the server
/// refuses root). Each test asks for a fresh database. Disposing stops the server and deletes the directory.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly Process _server;
    private readonly string _folder;
    private readonly int _port;
    private readonly bool _asRoot;
    private readonly string _data;

    /// <summary>The newest installed server's bin directory, or null.</summary>
    public static string? BinDirectory { get; } = LocalPostgres.ServerBinaries();

    /// <summary>Whether the PostgreSQL cases run: always where the server is installed, and in CI (CI=true) even where not, to fail
    /// loudly.</summary>
    public static bool Enabled => BinDirectory is not null
        || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public PostgresServer()
    {
        var bin = BinDirectory
            ?? throw new InvalidOperationException("PostgreSQL is not installed: apt-get install postgresql (.ci/run does)");
        _folder = Directory.CreateTempSubdirectory("neolight-pg-").FullName;
        var asRoot = _asRoot = Environment.UserName == "root";
        var data = _data = Path.Combine(_folder, "data");
        LocalPostgres.Initialize(bin, data, asRoot, durable: false); // as the AppHost prepares its own
        _port = FreePort.Next();
        _server = Start(asRoot, Path.Combine(bin, "postgres"), "-D", data, "-p", _port.ToString(), "-k", data,
            "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200");
        WaitUntilReady();
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = _port, Username = "neolight", Database = database }.ToString();

    /// <summary>A fresh database with <paramref name="schema"/>'s tables, as the start-up step leaves them (caller disposes).</summary>
    public NpgsqlDataSource CreateDatabase(DatabaseSchema schema)
    {
        var dataSource = NpgsqlDataSource.Create(CreateDatabase());
        SharedDatabase.MigrateAsync(dataSource, schema.Component, schema.Migrations).GetAwaiter().GetResult();
        return dataSource;
    }

    /// <summary>A new empty database; its connection string.</summary>
    public string CreateDatabase()
    {
        var name = "t" + Guid.NewGuid().ToString("N");
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
        create.ExecuteNonQuery();
        return ConnectionString(name);
    }

    private void WaitUntilReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var connection = new NpgsqlConnection(ConnectionString("postgres"));
                connection.Open();
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline && !_server.HasExited)
            {
                Thread.Sleep(100);
            }
        }
    }

    private static ProcessStartInfo Info(bool asRoot, string file, string[] args)
    {
        var info = asRoot ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args]) : new ProcessStartInfo(file, args);
        info.RedirectStandardOutput = info.RedirectStandardError = true;
        info.WorkingDirectory = "/tmp";
        return info;
    }

    private static Process Start(bool asRoot, string file, params string[] args)
    {
        var process = Process.Start(Info(asRoot, file, args))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            // A fast shutdown releases the server's shared memory; a kill is only the fallback.
            LocalPostgres.Run(_asRoot, Path.Combine(BinDirectory!, "pg_ctl"), "stop", "-D", _data, "-m", "fast", "-w", "-t", "20");
        }
        catch (Aspire.Hosting.DistributedApplicationException)
        {
            // it did not stop in time: killed below
        }
        try
        {
            if (!_server.HasExited) _server.Kill(entireProcessTree: true);
            _server.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _server.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
