namespace NeoLight.Tests.Infrastructure;

/// <summary>
/// The stores every storage test runs against, so the implementations cannot drift: SQLite always, PostgreSQL where its
/// server is installed (and always in CI, where .ci/run installs it).
/// </summary>
public static class StorageProviders
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgresql";

    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string> { Sqlite };
            if (PostgresServer.Enabled) data.Add(Postgres);
            return data;
        }
    }
}

/// <summary>One throwaway PostgreSQL server for a test class, started on first use and stopped with the class.</summary>
public sealed class PostgresFixture : IDisposable
{
    private readonly Lazy<PostgresServer> _server = new(() => new PostgresServer());

    public PostgresServer Server => _server.Value;

    /// <summary>A new empty database on the class's server; its connection string.</summary>
    public string CreateDatabase() => Server.CreateDatabase();
    public Npgsql.NpgsqlDataSource CreateDatabase(NeoLight.Storage.DatabaseSchema schema) => Server.CreateDatabase(schema);

    public void Dispose()
    {
        if (_server.IsValueCreated) _server.Value.Dispose();
    }
}
