using System.Text.Json;
using NeoLight.Contracts;
using NeoLight.Dashboard.Ingestion;
using NeoLight.Dashboard.Storage;
using NeoLight.Http;

namespace NeoLight.Dashboard.Api;

/// <summary>The dashboard section of API.md. Writes go through the ingestion queue and answer only once committed.</summary>
public static class DashboardEndpoints
{
    public static WebApplication MapDashboardEndpoints(this WebApplication app)
    {
        app.MapGet("/status", (SystemStatus status) => TypedResults.Text(status.Render(), "application/json"))
            .Produces<StatusDto>().WithSummary("Host, database, ingestion and risk-engine status")
            .WithTag("status", "What the dashboard sees of itself and its peers");

        var meta = app.MapGroup("/meta").WithTag("meta", "What the agents report: metrics, decisions, regime, sessions");
        meta.MapGet("/metrics", (LatestState latest, MetricsDocuments documents) =>
            TypedResults.Bytes(documents.Current(latest.Latest(RecordKind.Metrics)), "application/json"))
            .Produces<MetaMetricsDto>().WithSummary("The newest metrics snapshot");
        meta.MapPost("/metrics", PostMetricsAsync).RequireApiKey()
            .Describe<MetaMetricsDto>("Stores a metrics snapshot; 200 once committed")
            .WithRequestExample(SeedRequests.MetricsSnapshot);
        meta.MapGet("/metrics/history", MetricsHistory)
            .Produces<MetricsHistoryDto>().ProducesProblem(StatusCodes.Status400BadRequest)
            .WithPageParameters(HistoryQuery.MaxSnapshots, withSince: true)
            .WithSummary("Stored snapshots, newest first, by page (limit, cursor, since)");
        meta.MapGet("/performance", Performance)
            .Produces<DecisionListDto>().ProducesProblem(StatusCodes.Status400BadRequest)
            .WithPageParameters(HistoryQuery.MaxDecisions, withSince: false)
            .WithSummary("Stored decisions, newest first, by page (limit, cursor)");
        meta.MapPost("/performance", PostDecisionsAsync).RequireApiKey()
            .Describe<DecisionDto, DecisionBatchDto>("Stores decisions (one, or {\"decisions\":[…]}); 200 once committed")
            .WithRequestExample(SeedRequests.Decision);
        meta.MapGet("/regime", (LatestState latest) =>
            TypedResults.Text(latest.Latest(RecordKind.Regime)?.Payload ?? EmptyShapes.Regime, "application/json"))
            .Produces<RegimeDto>().WithSummary("The newest market regime");
        meta.MapPost("/regime", PostRegimeAsync).RequireApiKey().Describe<RegimeDto>("Stores the market regime")
            .WithRequestExample(SeedRequests.Regime);

        meta.MapGet("/session", (LatestState latest) =>
            TypedResults.Text(latest.Latest(RecordKind.Session)?.Payload ?? EmptyShapes.Session, "application/json"))
            .Produces<SessionDto>().WithSummary("The current paper-trading session");
        meta.MapPost("/session", PostSessionAsync).RequireApiKey()
            .Describe<SessionDto>("Marks the start of a paper-trading session (stored once per session id)")
            .WithRequestExample(SeedRequests.Session);

        app.MapGet("/governor/allocations", (LatestState latest) =>
            TypedResults.Text(latest.Latest(RecordKind.Allocations)?.Payload ?? EmptyShapes.Allocations, "application/json"))
            .Produces<AllocationsDto>().WithSummary("The newest capital allocations").WithTag("governor", "Capital allocations");
        app.MapPost("/governor/allocations", PostAllocationsAsync).RequireApiKey()
            .Describe<AllocationsDto>("Stores capital allocations").WithRequestExample(SeedRequests.Allocations)
            .WithTag("governor", "Capital allocations");
        app.MapPost("/atlas/update", PostAtlasAsync).RequireApiKey()
            .Describe<System.Text.Json.JsonElement>("Stores an atlas update (any JSON object)")
            .WithRequestExample(SeedRequests.Atlas).WithTag("atlas", "Atlas updates (free-form JSON objects)");
        return app;
    }

    private static Task<Results<SizedOk<AcceptedResponse>, ProblemHttpResult>> PostMetricsAsync(Checked<MetricsReport> report,
        HttpRequest http, IngestionQueue queue, TimeProvider time) =>
        StoreAsync(http, queue, RecordKind.Metrics, report.Command, time);

    private static Task<Results<SizedOk<AcceptedResponse>, ProblemHttpResult>> PostAtlasAsync(Checked<AtlasReport> report,
        HttpRequest http, IngestionQueue queue, TimeProvider time) =>
        StoreAsync(http, queue, RecordKind.Atlas, report.Command, time);

    private static Task<Results<SizedOk<AcceptedResponse>, ProblemHttpResult>> PostDecisionsAsync(Checked<DecisionsReport> report,
        HttpRequest http, IngestionQueue queue, TimeProvider time) =>
        StoreAsync(http, queue, RecordKind.Decision, report.Command, time);

    private static Task<Results<SizedOk<AcceptedResponse>, ProblemHttpResult>> PostRegimeAsync(Checked<RegimeReport> report,
        HttpRequest http, IngestionQueue queue, TimeProvider time) =>
        StoreAsync(http, queue, RecordKind.Regime, report.Command, time);

    private static Task<Results<SizedOk<AcceptedResponse>, ProblemHttpResult>> PostSessionAsync(Checked<SessionReport> report,
        HttpRequest http, IngestionQueue queue, TimeProvider time) =>
        StoreAsync(http, queue, RecordKind.Session, report.Command, time);

    private static Task<Results<SizedOk<AcceptedResponse>, ProblemHttpResult>> PostAllocationsAsync(Checked<AllocationsReport> report,
        HttpRequest http, IngestionQueue queue, TimeProvider time) =>
        StoreAsync(http, queue, RecordKind.Allocations, report.Command, time);

    /// <summary>
    /// Queues the records and answers once they are committed: 200 with how many were stored (a record whose id was stored
    /// before is not stored again, and is counted as a duplicate), or 503 with Retry-After when full or failing.
    /// </summary>
    private static async Task<Results<SizedOk<AcceptedResponse>, ProblemHttpResult>> StoreAsync(HttpRequest http, IngestionQueue queue,
        RecordKind kind, Report report, TimeProvider time)
    {
        var (payloads, keys) = (report.Payloads, report.Keys);
        var cancellationToken = http.HttpContext.RequestAborted;
        var write = new PendingWrite(kind, payloads, time.GetUtcNow(), keys);
        if (await queue.EnqueueAsync(write, cancellationToken) == EnqueueResult.Full)
            return ApiProblem.RetryLater(http.HttpContext.Response, "queue",
                "the ingestion queue is full; nothing was stored, retry after the delay");
        int stored;
        try
        {
            stored = await write.Committed;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException)
        {
            return ApiProblem.RetryLater(http.HttpContext.Response, "database",
                "the write could not be committed; nothing was stored, retry after the delay");
        }
        return SizedResults.Ok(new AcceptedResponse
        {
            Status = "stored", Stored = stored, Duplicates = payloads.Length - stored, Timestamp = write.ReceivedAt,
        });
    }

    private static Results<HistoryPageResult, ProblemHttpResult> MetricsHistory(IDashboardStore store, string? since, string? limit,
        string? cursor)
    {
        if (HistoryQuery.Read(limit, cursor, since, HistoryQuery.MaxSnapshots, out var query) is { } invalid) return invalid;
        return new HistoryPageResult(store, RecordKind.Metrics, query, "snapshots", store.Count(RecordKind.Metrics, query.Since));
    }

    private static Results<HistoryPageResult, ProblemHttpResult> Performance(IDashboardStore store, LatestState latest, string? limit,
        string? cursor)
    {
        if (HistoryQuery.Read(limit, cursor, null, HistoryQuery.MaxDecisions, out var query) is { } invalid) return invalid;
        return new HistoryPageResult(store, RecordKind.Decision, query, "decisions", latest.Count(RecordKind.Decision),
            latest.Latest(RecordKind.Decision)?.ReceivedAt, withLastUpdate: true);
    }
}
