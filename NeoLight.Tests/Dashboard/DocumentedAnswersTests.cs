using System.Text.Json;
using System.Text.Json.Serialization;
using NeoLight.Contracts;
using NeoLight.Tests.Infrastructure;
using NeoLight.Tests.RiskEngine;

namespace NeoLight.Tests.Dashboard;

/// <summary>
/// Answers written by hand (figures measured on the spot, stored payloads) are what their documented types say: each is read
/// into its type refusing any member the type does not have, and its figures are checked.
/// </summary>
public sealed class DocumentedAnswersTests
{
    private static readonly JsonSerializerOptions Strict = new(NeoLightJsonContext.Default.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static T Read<T>(JsonElement answer) => answer.Deserialize<T>(Strict)!;

    [Fact]
    public async Task Status_metrics_history_and_the_service_document_hold_exactly_their_documented_members()
    {
        using var dashboard = new DashboardFactory();
        await dashboard.PostAsync("/meta/metrics", SeedRequests.MetricsSnapshot);
        await dashboard.PostAsync("/meta/metrics", SeedRequests.MetricsSnapshot);

        var status = Read<StatusDto>(await dashboard.GetJsonAsync("/status"));
        Assert.Equal("sqlite", status.Services.Database.Provider);
        Assert.Equal(2, status.Services.Database.Metrics);
        Assert.Equal(Environment.ProcessorCount, status.System.Cores);

        var latest = Read<MetaMetricsDto>(await dashboard.GetJsonAsync("/meta/metrics"));
        Assert.NotNull(latest.CacheTimestamp);

        var page = Read<MetricsHistoryDto>(await dashboard.GetJsonAsync("/meta/metrics/history?limit=1"));
        Assert.Equal(2, page.Total);
        Assert.Equal(120.5, Assert.Single(page.Snapshots).PerAgent["momentum"].Pnl1d);
        Assert.NotNull(page.NextCursor);

        using var engine = new RiskEngineFactory();
        var service = Read<ServiceDocumentDto>(await engine.GetJsonAsync("/"));
        Assert.Equal("NeoLight Risk Engine", service.Service);
        Assert.Contains("POST /risk/evaluate", service.Endpoints);
    }
}
