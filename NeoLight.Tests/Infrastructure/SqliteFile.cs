using Microsoft.Data.Sqlite;

namespace NeoLight.Tests.Infrastructure;

/// <summary>Reads a service's SQLite file directly (read-only, unpooled), to see what it really stored.</summary>
public static class SqliteFile
{
    public static object Scalar(string database, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command.ExecuteScalar()!;
    }
}
