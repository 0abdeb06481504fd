namespace NeoLight.Tests.Infrastructure;

/// <summary>A test that needs a PostgreSQL server: skipped where none is installed, except in CI (CI=true), where .ci/run installs
/// it.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!PostgresServer.Enabled) Skip = "PostgreSQL is not installed (apt-get install postgresql); .ci/run installs it";
    }
}
