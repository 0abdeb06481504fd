using System.Net;
using NeoLight.Contracts;
using Npgsql;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.Dashboard;

/// <summary>
/// A dashboard whose database cannot be reached when it starts (here: the database does not exist yet) starts anyway:
/// alive, not ready, every write a 503 with Retry-After; it becomes ready by itself once the database answers.
/// </summary>
[Trait(TestCategories.Name, TestCategories.System)]
public sealed class DatabaseAwayAtStartTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [PostgresFact]
    public async Task The_dashboard_starts_without_its_database_answers_503_and_is_ready_once_it_answers()
    {
        var name = "t" + Guid.NewGuid().ToString("N");
        var connectionString = new NpgsqlConnectionStringBuilder(postgres.CreateDatabase()) { Database = name }.ToString();
        using var dashboard = new DashboardFactory(new() { ["ConnectionStrings:neolight-db"] = connectionString });
        using var client = dashboard.CreateClient(); // the host started: nothing waited for the database

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
        var (refused, _) = await dashboard.PostAsync("/meta/metrics", SeedRequests.MetricsSnapshot);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        using var read = await client.GetAsync("/meta/metrics/history");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);

        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }
            .ToString()))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
            await create.ExecuteNonQueryAsync();
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await client.GetAsync("/health") is { StatusCode: not HttpStatusCode.OK } health)
        {
            Assert.True(DateTime.UtcNow < deadline, $"not ready 30 s after the database came: {await health.Content.ReadAsStringAsync()}");
            await Task.Delay(200);
        }
        var (stored, _) = await dashboard.PostAsync("/meta/metrics", SeedRequests.MetricsSnapshot);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal(1, (await dashboard.GetJsonAsync("/meta/metrics/history")).GetProperty("total").GetInt64());
    }
}
